"""A head of school, in Chromium in French, on a phone (390x844) and a desktop (1280x800), with
JavaScript on and off: opens the acknowledgment link, reads the notice, acknowledges, lands on
the receipt, goes Back and still reads the receipt (no acknowledgment form, nothing recorded
twice: the one form left asks for the school's account, relais.accounts), downloads
the PDF. Nothing overflows the screen, nothing comes from another host, no CSP rule is broken,
axe finds no serious fault. RELAIS_SCREENSHOTS=DIR keeps a screenshot of each state."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from relais.alerts.services import move_alert
from relais.alerts.workflow import Status
from relais.notices.compose import draft_for
from relais.notices.models import Acknowledgment
from relais.notices.outbox import send_due
from relais.notices.services import send_notice
from tests.browser_support import Recorder, axe_violations
from tests.factories import OrganisationFactory, SchoolFactory, UserFactory, make_alert
from tests.notices.conftest import ack_link, smtp  # noqa: F401  (the fixture: a real SMTP server)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.engine_neutral("postgresql")]

FACTS = "Un élève est bousculé chaque midi dans la file de la cantine depuis trois semaines."
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}


@pytest.fixture
def token(transactional_db, smtp) -> str:  # noqa: F811
    organisation = OrganisationFactory(
        name="Association", jurisdictions=["be-fwb"], email="contact@asbl.example"
    )
    school = SchoolFactory(name="Institut Saint-Henri", city="Mouscron", code="5432")
    worker = UserFactory(username="alice", organisation=organisation, role="case_worker")
    alert = move_alert(alert=make_alert(school).alert, to=Status.TRIAGED, actor=worker)
    subject, body = draft_for(alert)
    send_notice(alert=alert, actor=worker, subject=subject, body=body, facts=FACTS)
    send_due()
    return ack_link(smtp.sink.messages[-1])[1]


@pytest.fixture(
    params=[(size, js) for size in SIZES for js in (False, True)],
    ids=lambda p: f"{p[0]}-{'js' if p[1] else 'nojs'}",
)
def school_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    size, javascript = request.param
    width, height = SIZES[size]
    context = browser.new_context(
        java_script_enabled=javascript,
        locale="fr-BE",
        viewport={"width": width, "height": height},
        accept_downloads=True,
    )
    page = context.new_page()
    page.recorder = Recorder(page)  # type: ignore[attr-defined]
    page.shot_name = f"{size}-{'js' if javascript else 'nojs'}"  # type: ignore[attr-defined]
    page.javascript = javascript  # type: ignore[attr-defined]
    yield page
    context.close()


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("RELAIS_SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/{page.shot_name}-{name}.png", full_page=True)  # type: ignore[attr-defined]


def _fits(page: Page) -> bool:
    # After a click the new page's text can be read before its stylesheet has loaded; unstyled,
    # long codes overflow. Measure the page as the head sees it, once it has loaded.
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_head_acknowledges_goes_back_and_keeps_the_receipt(
    school_page: Page, live_server, token, tmp_path
):
    page = school_page
    page.goto(f"{live_server.url}/ack/?t={token}")
    assert "Les faits signalés" in page.inner_text("main")
    assert _fits(page)
    _shot(page, "1-form")

    page.fill("input[name=name]", "Anne Leroy")
    page.fill("input[name=role]", "directrice")
    page.click("button[type=submit]")

    main = page.inner_text("main")
    assert "Reçu : accusé de réception du signalement" in main
    assert "Anne Leroy (directrice)" in main and "(heure de Bruxelles)" in main
    assert "Ce que ce reçu prouve" in main
    assert "ne peut plus jamais accuser réception" in main
    assert _fits(page)
    if page.javascript:  # type: ignore[attr-defined]  (axe runs as a script)
        assert axe_violations(page) == []
    _shot(page, "2-receipt")

    page.go_back()
    assert "Reçu : accusé de réception du signalement" in page.inner_text("main")
    assert page.locator("form").count() == 1
    assert page.locator("form[action='/ack/account/']").count() == 1
    _shot(page, "3-back")
    assert Acknowledgment.objects.count() == 1

    with page.expect_download() as waiting:
        page.click("a[href*='receipt.pdf']")
    pdf = tmp_path / "recu.pdf"
    waiting.value.save_as(pdf)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Ce que ce reçu prouve" in text and "Anne Leroy" in text

    assert page.recorder.foreign_hosts() == set()  # type: ignore[attr-defined]
    assert page.recorder.csp_violations() == []  # type: ignore[attr-defined]
