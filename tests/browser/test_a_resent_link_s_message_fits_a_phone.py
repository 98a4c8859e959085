"""On a 390 px phone in Chromium, in French, JavaScript off: after "Renvoyer le lien", the
referral's confirmation names the service's e-mail address, which can be one long word
("relay+cpms.libre.mouscron.skynet.be@demo.relais.invalid"); the browser walk measured the page
wider than the screen. The message wraps anywhere, as the refer page's addresses do.

RELAIS_SCREENSHOTS=DIR keeps a screenshot."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from relais.directory.models import Service
from relais.notices.models import OutboxMessage
from tests.browser.test_referral_and_team_pages_fit_a_phone import (  # noqa: F401  (fixtures)
    _fits,
    _sign_in,
    mouscron,
    phone,
)
from tests.cases.referral_support import refer

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.engine_neutral("postgresql")]

LONG_EMAIL = "relay+cpms.libre.mouscron.skynet.be@demo.relais.invalid"


def test_the_resent_link_s_message_with_a_long_address_fits_a_phone(
    phone: Page,  # noqa: F811
    live_server,
    mouscron,  # noqa: F811
):
    cpms = mouscron["cpms"]
    Service.objects.filter(pk=cpms.pk).update(email=LONG_EMAIL)
    cpms.refresh_from_db()
    referral = refer(mouscron["case"], mouscron["head"], cpms)
    # The first e-mail left 11 minutes ago: the resend's 10 minutes' quiet has passed.
    OutboxMessage.objects.filter(pk=referral.message_id).update(
        created_at=timezone.now() - timedelta(minutes=11)
    )
    _sign_in(phone, live_server.url, mouscron["head"])
    phone.goto(f"{live_server.url}/school/cases/{mouscron['case'].pk}/#referrals")

    phone.click("main button:has-text('Renvoyer le lien')")

    status = phone.locator("#referrals [role=status]")
    assert LONG_EMAIL in status.inner_text()
    _fits(phone, "resent")
