"""On a 390 px phone in Chromium, in French, JavaScript off (axe with it on):

- the refer page of a service with a long e-mail address fits the screen (the QA walk measured
  486 px: the address widened the page);
- the team page shows every member's last sign-in and account in view, with no box scrolling
  sideways where nothing says it scrolls; axe finds no landmark sharing another's label; the
  page confirming a deactivation fits, and a deactivated member is reactivated with one button;
- the relay who accepts a request, then records its work done, through the e-mail's link, reads
  a confirmation (role="status") in view after each redirect.

RELAIS_SCREENSHOTS=DIR keeps a screenshot of each."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from relais.accounts.models import Role, User
from relais.directory.models import Service
from tests.browser_support import AXE, Recorder
from tests.cases.referral_support import mint_link, open_case, refer, service
from tests.factories import PASSWORD, SchoolFactory, UserFactory, totp_device, totp_now

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.engine_neutral("postgresql")]

LONG_EMAIL = "relay+dircpmscf.tourmail.sec.cfwb.be@demo.relais.invalid"
# Elements of <main> whose content is wider than their box and that scroll it sideways.
SIDEWAYS = """() => [...document.querySelectorAll('main *')].filter(e => {
  const x = getComputedStyle(e).overflowX;
  return (x === 'auto' || x === 'scroll') && e.scrollWidth > e.clientWidth + 1;
}).map(e => e.tagName + '.' + e.className)"""


@pytest.fixture
def mouscron(transactional_db) -> dict[str, Any]:
    school = SchoolFactory(name="Institut Saint-Charles", city="Dottignies (Mouscron)", code="1336")
    head = UserFactory(
        username="demo-direction", organisation=None, role=Role.DIRECTION, school=school
    )
    UserFactory(username="eve.educatrice", organisation=None, role=Role.EDUCATOR, school=school)
    artem = service("CPMS CF (Artem)", Service.Kind.PMS)
    Service.objects.filter(pk=artem.pk).update(email=LONG_EMAIL)
    artem.refresh_from_db()
    return {"school": school, "head": head, "cpms": artem, "case": open_case(school, head)}


def _phone(browser: Browser, *, javascript: bool) -> Iterator[Page]:
    context = browser.new_context(
        java_script_enabled=javascript, locale="fr-BE", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.recorder = Recorder(page)  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    yield from _phone(browser, javascript=False)


@pytest.fixture
def phone_js(browser: Browser) -> Iterator[Page]:
    yield from _phone(browser, javascript=True)


def _sign_in(page: Page, base: str, head: Any) -> None:
    device = totp_device(head)
    page.goto(f"{base}/staff/login/")
    page.fill("#id_username", head.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.fill("#id_token", totp_now(device))
    page.click("main button[type=submit]")


def _fits(page: Page, name: str) -> None:
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], (name, width)  # type: ignore[index]
    assert page.evaluate(SIDEWAYS) == [], name
    assert page.recorder.foreign_hosts() == set()  # type: ignore[attr-defined]
    assert page.recorder.csp_violations() == []  # type: ignore[attr-defined]
    folder = os.environ.get("RELAIS_SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/phone-{name}.png", full_page=True)


def _in_view(page: Page, selector: str) -> None:
    """Every element the selector finds lies within the screen's width, and the first within
    its height (no scrolling to find it)."""
    boxes = [
        page.locator(selector).nth(i).bounding_box() for i in range(page.locator(selector).count())
    ]
    assert boxes, selector
    for box in boxes:
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, (selector, box)
    assert boxes[0]["y"] + boxes[0]["height"] <= 844, (selector, boxes[0])  # type: ignore[index]


def test_the_refer_page_of_a_service_with_a_long_address_fits_a_phone(
    phone: Page, live_server, mouscron
):
    _sign_in(phone, live_server.url, mouscron["head"])
    case, cpms = mouscron["case"], mouscron["cpms"]
    phone.goto(f"{live_server.url}/school/directory/?case={case.pk}")
    assert "CPMS CF (Artem)" in phone.inner_text("main")  # the commune's, before any search
    assert "Aucun service de l'annuaire ne correspond" not in phone.inner_text("main")
    _fits(phone, "directory")
    phone.goto(f"{live_server.url}/school/cases/{case.pk}/refer/{cpms.pk}/")
    assert LONG_EMAIL in phone.inner_text("main")
    _fits(phone, "refer")


def test_the_team_page_shows_every_column_on_a_phone(phone: Page, live_server, mouscron):
    _sign_in(phone, live_server.url, mouscron["head"])
    phone.goto(f"{live_server.url}/join/team/")
    main = phone.inner_text("main")
    assert "eve.educatrice" in main
    assert main.count("Dernière connexion") == 2 and main.count("Compte") >= 2
    _fits(phone, "team")
    _in_view(phone, "main :text('Dernière connexion')")
    _in_view(phone, "main a:has-text('Désactiver eve.educatrice')")


def test_deactivating_takes_a_page_that_fits_and_reactivating_one_button(
    phone: Page, live_server, mouscron
):
    """JavaScript off: the link opens the confirmation page, its button deactivates, the team
    page's "Réactiver" opens the account again."""
    _sign_in(phone, live_server.url, mouscron["head"])
    phone.goto(f"{live_server.url}/join/team/")
    phone.click("main a:has-text('Désactiver eve.educatrice')")
    assert "Désactiver le compte « eve.educatrice » ?" in phone.inner_text("main")
    _fits(phone, "team-deactivate")
    _in_view(phone, "main button:has-text('Désactiver eve.educatrice')")
    assert User.objects.get(username="eve.educatrice").is_active

    phone.click("main button:has-text('Désactiver eve.educatrice')")
    assert "Le compte « eve.educatrice » est désactivé" in phone.inner_text("main")
    assert not User.objects.get(username="eve.educatrice").is_active
    phone.click("main button:has-text('Réactiver eve.educatrice')")
    assert "Le compte « eve.educatrice » est de nouveau actif" in phone.inner_text("main")
    assert User.objects.get(username="eve.educatrice").is_active


def test_the_team_page_has_no_landmark_with_another_s_label(phone_js: Page, live_server, mouscron):
    _sign_in(phone_js, live_server.url, mouscron["head"])
    phone_js.goto(f"{live_server.url}/join/team/")
    phone_js.evaluate(AXE.read_text(encoding="utf-8"))
    result = phone_js.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    assert [v["id"] for v in result["violations"]] == []


def test_the_relay_reads_what_it_recorded_after_each_answer(phone: Page, live_server, mouscron):
    referral = refer(mouscron["case"], mouscron["head"], mouscron["cpms"])
    token = mint_link(referral)
    phone.goto(f"{live_server.url}/relay/?t={token}")
    phone.click("text=Accepter la demande")
    status = phone.locator("[role=status]")
    assert status.inner_text().startswith("Vous avez accepté la demande.")
    _in_view(phone, "[role=status]")
    _fits(phone, "accepted")

    phone.click("text=Indiquer l'intervention comme terminée")
    assert status.inner_text().startswith("Votre intervention est indiquée comme terminée.")
    _in_view(phone, "[role=status]")
    assert "État de la demande : terminée" in phone.inner_text("main")
    _fits(phone, "done")
