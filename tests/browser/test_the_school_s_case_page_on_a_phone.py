"""In Debian's Chromium, on a 390 px phone, in French, JavaScript off and on: the header keeps
the brand and "Se déconnecter" whole (a long account name is ellipsed); a step recorded lands on
the checklist with its confirmation in view; a case opened from a notice shows the notice's
facts; closing asks for a confirmation naming the outcome, and the closed case lists no deadline;
a missing page keeps the staff frame. Every page: no serious axe-core violation (JavaScript on),
nothing wider than the screen, no other host, no CSP report. RELAIS_SCREENSHOTS=DIR keeps each
page."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page

from relais.accounts.models import Role
from relais.cases.models import Case, CaseState, CaseStep
from relais.notices.models import Notice, NoticeState
from tests.browser_support import Recorder, axe_violations
from tests.factories import PASSWORD, UserFactory, make_alert, totp_device, totp_now

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.engine_neutral("sqlite")]

FACTS = "Un·e élève de 1re B reçoit des messages insultants sur un groupe de classe."

# How many lines an element's text takes: its height over its line height.
LINES = """(selector) => {
  const element = document.querySelector(selector);
  const style = getComputedStyle(element);
  return Math.round(element.getBoundingClientRect().height / parseFloat(style.lineHeight));
}"""
# Whether the element is wholly inside the window as it is scrolled.
IN_VIEW = """(selector) => {
  const box = document.querySelector(selector).getBoundingClientRect();
  return box.top >= 0 && box.bottom <= window.innerHeight;
}"""


@pytest.fixture
def notice(transactional_db, be_org, school) -> Notice:
    return Notice.objects.create(
        alert=make_alert(school).alert,
        jurisdiction="be-fwb",
        subject="Harcèlement en ligne en 1re B",
        body="Madame la Directrice, une alerte nous est parvenue.",
        facts=FACTS,
        state=NoticeState.ACKNOWLEDGED,
        acknowledged_at=timezone.now(),
    )


@pytest.fixture
def head(transactional_db, school):
    # The demo's account name: the one that broke over two lines on a phone.
    return UserFactory(
        username="demo-direction", organisation=None, role=Role.DIRECTION, school=school
    )


class Walk:
    def __init__(self, page: Page, folder: Path, name: str, javascript: bool) -> None:
        self.page, self.folder, self.name, self.javascript = page, folder, name, javascript
        self.seen: dict[str, list] = {}

    def check(self, what: str) -> None:
        self.page.screenshot(path=str(self.folder / f"fixb-{self.name}-{what}.png"))
        self.page.screenshot(
            path=str(self.folder / f"fixb-{self.name}-{what}-full.png"), full_page=True
        )
        if self.javascript:
            self.seen[what] = axe_violations(self.page)
        fits = self.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert fits, f"{what} is wider than the phone"


@pytest.mark.parametrize("javascript", [False, True], ids=["js-off", "js-on"])
def test_the_school_s_case_page_reads_well_on_a_phone(
    browser: Browser, live_server, notice, head, javascript, tmp_path
):
    device = totp_device(head)
    context = browser.new_context(
        java_script_enabled=javascript,
        locale="fr",
        viewport={"width": 390, "height": 844},
        extra_http_headers={"Accept-Language": "fr"},
    )
    page = context.new_page()
    recorder = Recorder(page)
    folder = Path(os.environ.get("RELAIS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    walk = Walk(page, folder, f"phone-{'js' if javascript else 'nojs'}", javascript)
    base = live_server.url

    page.goto(f"{base}/staff/login/")
    page.fill("#id_username", "demo-direction")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.fill("#id_token", totp_now(device))
    page.click("main button[type=submit]")
    page.goto(f"{base}/school/")
    # The header: brand and sign-out on one line each; the account's name gives way.
    assert page.evaluate(LINES, ".bar .brand") == 1
    assert page.evaluate(LINES, ".bar button.link") == 1
    assert page.evaluate(LINES, ".bar .who") == 1
    assert "Dossiers — " in page.inner_text("h1")
    assert "1 dossier" not in page.inner_text("#open")  # nothing open yet
    walk.check("home")

    # The procedure is chosen when opening from the notice (the default preselected).
    assert page.input_value(f"#protocol-{notice.pk}") == "mouscron"
    page.select_option(f"#protocol-{notice.pk}", "fwb-procedure")
    page.click(f"form[action='/school/notices/{notice.pk}/open/'] button")
    case = Case.objects.get()
    assert case.protocol == "fwb-procedure"
    assert FACTS in page.inner_text("#about")
    walk.check("case")

    # A step recorded: the page lands on the checklist with its confirmation in view.
    page.check("#id_step-anonymous_notice-checkbox")
    page.click("#step-anonymous_notice button[type=submit]")
    assert CaseStep.objects.get(case=case, key="anonymous_notice").done_at is not None
    assert page.url.endswith("#checklist")
    status = "#checklist [role=status]"
    assert "Enregistré" in page.inner_text(status)
    assert page.evaluate(IN_VIEW, status), "the confirmation is out of view"
    walk.check("step-recorded")

    # Closing: the outcome, then a page that says what closing changes, then the case closes.
    page.check("#close input[value=reduced]")
    page.click("#close button[type=submit]")
    assert "Issue choisie" in page.inner_text("main")
    assert "le harcèlement a diminué" in page.inner_text("main")
    assert Case.objects.get().state == CaseState.OPEN
    walk.check("close-confirm")
    page.click("main form button[type=submit]")
    assert Case.objects.get().state == CaseState.CLOSED
    checklist = page.inner_text("#checklist")
    assert "Non faites à la clôture" in checklist
    assert "À faire" not in checklist and "échéance" not in checklist
    walk.check("closed")

    page.goto(f"{base}/school/cases/00000000-0000-0000-0000-000000000000/")
    assert "Cette page n'existe pas" in page.inner_text("h1")
    assert page.locator(".bar button.link").count() == 1
    assert page.locator("a[href='/school/']").count() >= 1
    walk.check("not-found")

    assert {what: found for what, found in walk.seen.items() if found} == {}
    assert recorder.foreign_hosts() == set()
    assert recorder.csp_violations() == []
    context.close()
