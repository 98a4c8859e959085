"""In Debian's Chromium, with JavaScript on and off, on a phone and on a desktop, in French: a
school head signs in (password, then the authenticator's code), opens a case from a notice the
school acknowledged, records a protection measure, adds the pupil under a pseudonym with the
real name only the direction reads, and writes a note; a blank note is refused with the form
kept. Every page: no serious axe-core violation, nothing wider than the screen, no request to
another host, no CSP report. RELAIS_SCREENSHOTS=DIR keeps a screenshot of each page."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page

from relais.accounts.models import Role
from relais.cases.models import Case, CaseNote, CasePerson, CaseStep
from relais.notices.models import Notice, NoticeState
from tests.browser_support import Recorder, axe_violations
from tests.factories import PASSWORD, UserFactory, make_alert, totp_device, totp_now

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.engine_neutral("sqlite")]

SIZES = {"phone": (390, 844), "desktop": (1280, 800)}


@pytest.fixture
def notice(transactional_db, be_org, school) -> Notice:
    return Notice.objects.create(
        alert=make_alert(school).alert,
        jurisdiction="be-fwb",
        subject="Insultes répétées en 1re B",
        body="Un·e élève de 1re B est insulté·e chaque jour à la récréation.",
        state=NoticeState.ACKNOWLEDGED,
        acknowledged_at=timezone.now(),
    )


@pytest.fixture
def head(transactional_db, school):
    return UserFactory(username="direction", organisation=None, role=Role.DIRECTION, school=school)


class Walk:
    def __init__(self, page: Page, folder: Path, name: str, width: int, javascript: bool) -> None:
        self.page, self.folder, self.name, self.width = page, folder, name, width
        self.javascript = javascript
        self.seen: dict[str, list] = {}

    def check(self, what: str) -> None:
        """The page as it stands: axe (with JavaScript on only: axe's promise never settles in a
        page without it; the pages have no script, so their DOM is the same), its width and
        its screenshot."""
        shot = self.folder / f"school-{self.name}-{what}.png"
        self.page.screenshot(path=str(shot), full_page=True)
        if self.javascript:
            self.seen[what] = axe_violations(self.page)
        fits = self.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert fits, f"{what} is wider than {self.width} px"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("javascript", [False, True], ids=["js-off", "js-on"])
def test_a_school_head_opens_a_case_and_records_what_the_school_did(
    browser: Browser, live_server, notice, head, size, javascript, tmp_path
):
    device = totp_device(head)
    width, height = SIZES[size]
    context = browser.new_context(
        java_script_enabled=javascript,
        locale="fr",
        viewport={"width": width, "height": height},
        extra_http_headers={"Accept-Language": "fr"},
    )
    page = context.new_page()
    recorder = Recorder(page)
    folder = Path(os.environ.get("RELAIS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    walk = Walk(page, folder, f"{size}-{'js' if javascript else 'nojs'}", width, javascript)
    base = live_server.url

    page.goto(f"{base}/staff/login/")
    page.fill("#id_username", "direction")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.fill("#id_token", totp_now(device))
    page.click("main button[type=submit]")
    page.goto(f"{base}/school/")
    assert "Signalements sans dossier" in page.inner_text("main")
    walk.check("home")

    page.click(f"form[action='/school/notices/{notice.pk}/open/'] button")
    case = Case.objects.get()
    assert page.url == f"{base}/school/cases/{case.pk}/"
    assert f"Dossier {case.number}" in page.inner_text("h1")
    walk.check("case")

    # A protection measure: educators watchful in the playground.
    page.check("#id_step-warn_educators-checkbox")
    page.click("#step-warn_educators button[type=submit]")
    assert CaseStep.objects.get(case=case, key="warn_educators").done_at is not None
    assert "Enregistré :" in page.inner_text(".messages")
    assert "enregistré le" in page.inner_text("#step-warn_educators")
    walk.check("step-recorded")

    page.select_option("#id_role", "target")
    page.fill("#id_class_name", "1re B")
    page.fill("#id_real_name", "Léa Martin")
    page.click("#add-person button[type=submit]")
    person = CasePerson.objects.get(case=case)
    assert (person.label, person.real_name) == ("Élève A", "Léa Martin")
    people = page.inner_text("#people")
    assert "Élève A" in people and "Léa Martin" not in people
    page.click("#people a[href='?names=1#people']")
    assert "Léa Martin" in page.inner_text("#people")
    walk.check("names")

    page.fill("#id_school-body", "   ")
    page.click("#notes-school button[type=submit]")
    assert "Écrivez la note." in page.inner_text("#notes-school")
    assert not CaseNote.objects.exists()
    walk.check("note-refused")

    page.fill("#id_school-body", "Élève A a été reçu·e par la direction ; surveillance renforcée.")
    page.click("#notes-school button[type=submit]")
    assert CaseNote.objects.get().audience == "school"
    assert "surveillance renforcée" in page.inner_text("#notes-school")
    walk.check("note")

    page.goto(f"{base}/school/cases/new/")
    walk.check("new")

    assert {what: found for what, found in walk.seen.items() if found} == {}
    assert recorder.foreign_hosts() == set()
    assert recorder.csp_violations() == []
    context.close()
