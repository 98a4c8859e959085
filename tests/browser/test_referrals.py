"""Referrals in Chromium, in French, on a phone (390x844) and a desktop (1280x800), with
JavaScript on and off:

- the CPMS opens the link of the e-mail that reached the loopback SMTP server, reads the request
  (pseudonyms only), is told that a refusal needs a reason, accepts, records its work done,
  goes Back and records nothing twice;
- a school head signs in (password and second factor), searches the directory by postcode,
  picks the CPMS, is told what is missing in the form, and refers the case with the parents'
  consent; the case page lists the referral.

Nothing overflows the screen, nothing comes from another host, no CSP rule is broken, axe finds
no serious fault. RELAIS_SCREENSHOTS=DIR keeps a screenshot of each state."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from relais.accounts.models import Role
from relais.cases.models import Referral, ReferralState
from relais.directory.models import Service
from relais.notices.outbox import send_due
from tests.browser_support import Recorder, axe_violations
from tests.cases.referral_support import open_case, refer, service
from tests.factories import PASSWORD, SchoolFactory, UserFactory, totp_device, totp_now
from tests.notices.conftest import smtp  # noqa: F401  (the fixture: a real SMTP server)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.engine_neutral("postgresql")]

SIZES = {"phone": (390, 844), "desktop": (1280, 800)}


@pytest.fixture
def mouscron(transactional_db) -> dict[str, Any]:
    school = SchoolFactory(name="Institut Saint-Henri", city="Mouscron", code="5432")
    head = UserFactory(username="anne", organisation=None, role=Role.DIRECTION, school=school)
    cpms = service("CPMS Libre Mouscron 1", Service.Kind.PMS)
    service("La Passerelle", Service.Kind.PSYCHOLOGICAL)
    return {"school": school, "head": head, "cpms": cpms, "case": open_case(school, head)}


@pytest.fixture
def token(mouscron, smtp) -> str:  # noqa: F811
    refer(mouscron["case"], mouscron["head"], mouscron["cpms"])
    send_due()
    text = smtp.sink.messages[-1].get_content()
    return text.split("/relay/?t=", 1)[1].split()[0]


@pytest.fixture(
    params=[(size, js) for size in SIZES for js in (False, True)],
    ids=lambda p: f"{p[0]}-{'js' if p[1] else 'nojs'}",
)
def screen(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    size, javascript = request.param
    width, height = SIZES[size]
    context = browser.new_context(
        java_script_enabled=javascript, locale="fr-BE", viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.recorder = Recorder(page)  # type: ignore[attr-defined]
    page.shot_name = f"{size}-{'js' if javascript else 'nojs'}"  # type: ignore[attr-defined]
    page.javascript = javascript  # type: ignore[attr-defined]
    yield page
    context.close()


def _check(page: Page, name: str) -> None:
    """The page fits the screen once loaded, and axe (a script: JavaScript on) finds nothing."""
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
    if page.javascript:  # type: ignore[attr-defined]
        assert axe_violations(page) == [], name
    folder = os.environ.get("RELAIS_SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/referral-{page.shot_name}-{name}.png", full_page=True)  # type: ignore[attr-defined]


def test_the_cpms_accepts_through_its_link_and_records_its_work_done(
    screen: Page, live_server, token, mouscron
):
    page = screen
    page.goto(f"{live_server.url}/relay/?t={token}")
    main = page.inner_text("main")
    assert "Demande pour le dossier 2026-1" in main
    assert "Élève A" in main and "Lucas Martin" not in main
    _check(page, "1-request")

    page.click("text=Refuser la demande")
    assert "Dites pourquoi le service refuse" in page.inner_text("main")
    _check(page, "2-refusal-without-reason")
    assert Referral.objects.get().state == ReferralState.SENT

    page.click("text=Accepter la demande")
    assert Referral.objects.get().state == ReferralState.ACCEPTED
    assert "Indiquer l'intervention comme terminée" in page.inner_text("main")
    _check(page, "3-accepted")

    page.fill("textarea[name=note]", "Deux entretiens avec Élève A ; suivi en classe.")
    page.click("text=Indiquer l'intervention comme terminée")
    referral = Referral.objects.get()
    assert referral.state == ReferralState.DONE
    assert "Deux entretiens" in page.inner_text("main")
    assert page.locator("form.answer").count() == 0
    _check(page, "4-done")

    page.go_back()
    page.wait_for_load_state("load")
    assert Referral.objects.get().state == ReferralState.DONE
    assert page.recorder.foreign_hosts() == set()  # type: ignore[attr-defined]
    assert page.recorder.csp_violations() == []  # type: ignore[attr-defined]


def test_a_school_head_refers_the_case_to_the_cpms_from_the_directory(
    screen: Page, live_server, mouscron
):
    page, base = screen, live_server.url
    device = totp_device(mouscron["head"])
    page.goto(f"{base}/staff/login/")
    page.fill("#id_username", "anne")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.fill("#id_token", totp_now(device))
    page.click("main button[type=submit]")

    case = mouscron["case"]
    page.goto(f"{base}/school/directory/?case={case.pk}")
    page.fill("#id_q", "7700")
    page.click("main button[type=submit]")
    assert "La Passerelle" in page.inner_text("main")
    _check(page, "5-directory")

    page.click("text=Adresser le dossier 2026-1 à ce service >> nth=0")
    assert "CPMS Libre Mouscron 1" in page.inner_text("h1")
    page.click("text=Envoyer la demande")
    main = page.inner_text("main")
    assert "Indiquez qui a donné son accord" in main and "Indiquez la date" in main
    _check(page, "6-referral-with-errors")
    assert not Referral.objects.exists()

    page.check("input[name=consent_by][value=parents]")
    # The day before: a consent may not be dated long before the case was opened.
    page.fill("#id_consent_at", (date.today() - timedelta(days=1)).isoformat())
    page.fill("#id_request", "Élève A est insulté·e chaque midi : pouvez-vous la recevoir ?")
    page.click("text=Envoyer la demande")
    referral = Referral.objects.get()
    assert (referral.service, referral.consent_by) == (mouscron["cpms"], "parents")
    assert page.url.startswith(f"{base}/school/cases/{case.pk}/")
    assert "CPMS Libre Mouscron 1" in page.inner_text("#referrals")
    _check(page, "7-case")
    assert page.recorder.foreign_hosts() == set()  # type: ignore[attr-defined]
    assert page.recorder.csp_violations() == []  # type: ignore[attr-defined]
