"""The association's follow-up of a school's case gives each referral's kind and state as one
phrase ("Centre PMS : envoyée", "Centre PMS : demande faite" while the service's mail server has
not accepted its e-mail), so that French puts its non-breaking space before the colon."""

from __future__ import annotations

from html import unescape

from django.test import Client
from django.utils import timezone

from relais.cases.models import ConsentBy
from relais.cases.referrals import refer
from relais.directory.models import Service
from relais.notices.outbox import send_due
from tests.conftest import login_verified
from tests.notices.conftest import smtp  # noqa: F401 (the fixture)
from tests.school_steps import case_about, direction_of

NBSP = "\u00a0"


def test_the_referral_s_kind_and_state_read_as_french(alice, submitted, school, smtp):  # noqa: F811
    direction = direction_of(school)
    case = case_about(submitted.alert, by=direction)
    pms = Service.objects.create(
        name="Centre PMS de Mouscron",
        kind=Service.Kind.PMS,
        area="Mouscron",
        jurisdiction="be-fwb",
        email="pms@mouscron.example",
    )
    refer(
        case=case,
        service=pms,
        consent_by=ConsentBy.PARENTS,
        consent_at=timezone.localdate(),
        request="Merci de recevoir Élève A cette semaine.",
        by=direction,
    )
    client = login_verified(Client(HTTP_ACCEPT_LANGUAGE="fr"), alice)

    page = unescape(client.get(f"/staff/alerts/{submitted.alert.pk}/").content.decode())
    referrals = page.split('class="case-referrals"')[1].split("</ul>")[0]

    assert f"<li>Centre PMS{NBSP}: demande faite (e-mail en cours d'envoi)" in referrals
    assert "Centre PMS:" not in referrals

    send_due()  # the service's server accepts it
    page = unescape(client.get(f"/staff/alerts/{submitted.alert.pk}/").content.decode())
    referrals = page.split('class="case-referrals"')[1].split("</ul>")[0]
    assert f"<li>Centre PMS{NBSP}: envoyée (" in referrals
