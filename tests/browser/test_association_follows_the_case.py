"""A case worker, in Chromium in French, follows the school's case on the alert page and writes to
the school with JavaScript off on a 390-pixel phone; on another alert, opens the school's case.
Nothing is wider than the screen, nothing comes from another host, no CSP rule is broken, and axe
(JavaScript on) finds no serious fault on a phone or a desktop. RELAIS_SCREENSHOTS=DIR keeps a
screenshot of each state."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page

from relais.cases.deadlines import sweep
from relais.cases.models import Case, CaseNote, NoteAudience, Origin
from relais.cases.services import open_from_notice, write_note
from tests.browser_support import Recorder, axe_violations
from tests.cases.conftest import acknowledged_notice
from tests.factories import (
    PASSWORD,
    OrganisationFactory,
    SchoolFactory,
    UserFactory,
    make_alert,
    totp_device,
    totp_now,
)
from tests.school_steps import direction_of, record_visible

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.engine_neutral("postgresql")]

SIZES = {"phone": (390, 844), "desktop": (1280, 800)}


@pytest.fixture
def scene(transactional_db):
    organisation = OrganisationFactory(name="Association", jurisdictions=["be-fwb"])
    school = SchoolFactory(name="Institut Saint-Henri", city="Mouscron", code="5432")
    worker = UserFactory(username="alice", organisation=organisation, role="case_worker")
    direction = direction_of(school)
    followed = make_alert(school).alert
    ten_days_ago = timezone.now() - timedelta(days=10)
    case = open_from_notice(notice=acknowledged_notice(followed), by=direction, now=ten_days_ago)
    record_visible(case, 2, by=direction)
    write_note(
        case=case,
        by=direction,
        body="Les éducateurs surveillent la cour depuis lundi.",
        audience=NoteAudience.ASSOCIATION,
    )
    sweep()  # reminders and escalation proposals for the overdue steps
    alone = make_alert(school, description="Une autre situation, sans dossier.").alert
    return worker, followed, case, alone


def signed_in(browser: Browser, base: str, worker, *, size: str, javascript: bool) -> Page:
    width, height = SIZES[size]
    context = browser.new_context(
        java_script_enabled=javascript,
        locale="fr",
        viewport={"width": width, "height": height},
        extra_http_headers={"Accept-Language": "fr"},
    )
    page = context.new_page()
    page.recorder = Recorder(page)  # type: ignore[attr-defined]
    device = worker.totpdevice_set.first() or totp_device(worker)
    page.goto(f"{base}/staff/login/")
    page.fill("#id_username", worker.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.fill("#id_token", totp_now(device))
    page.click("main button[type=submit]")
    assert page.url == f"{base}/staff/"
    return page


def shot(page: Page, name: str) -> None:
    if folder := os.environ.get("RELAIS_SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/association-{name}.png", full_page=True)


def fits(page: Page) -> bool:
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_case_worker_writes_to_the_school_without_javascript(
    browser: Browser, live_server, scene
):
    worker, followed, case, alone = scene
    base = live_server.url
    page = signed_in(browser, base, worker, size="phone", javascript=False)

    page.goto(f"{base}/staff/alerts/{followed.pk}/")
    section = page.locator(f"#case-{case.pk}")
    assert f"Dossier de l'école {case.number}" in section.inner_text()
    assert "Escalade proposée" in section.inner_text()
    assert fits(page)
    shot(page, "case")

    section.locator("textarea").fill("Où en est la rencontre avec les parents ?")
    section.locator("button[type=submit]", has_text="Envoyer à l'école").click()
    assert page.url == f"{base}/staff/alerts/{followed.pk}/#case-{case.pk}"
    assert "Votre message a été ajouté au dossier de l'école." in page.inner_text("main")
    assert "Où en est la rencontre" in page.locator(f"#case-{case.pk}").inner_text()
    assert CaseNote.objects.filter(case=case, author=worker).count() == 1
    assert fits(page)
    shot(page, "case-written")

    page.goto(f"{base}/staff/alerts/{alone.pk}/")
    page.click("#no-case button[type=submit]")
    opened = Case.objects.get(links__alert=alone)
    assert opened.origin == Origin.ASSOCIATION
    assert page.url == f"{base}/staff/alerts/{alone.pk}/#case-{opened.pk}"
    assert fits(page)
    shot(page, "case-opened")

    assert page.recorder.foreign_hosts() == set()  # type: ignore[attr-defined]
    assert page.recorder.csp_violations() == []  # type: ignore[attr-defined]
    page.context.close()


@pytest.mark.parametrize("size", SIZES)
def test_axe_finds_nothing_serious_in_the_case_sections(browser: Browser, live_server, scene, size):
    worker, followed, _case, alone = scene
    base = live_server.url
    page = signed_in(browser, base, worker, size=size, javascript=True)
    found = {}
    for alert in (followed, alone):
        page.goto(f"{base}/staff/alerts/{alert.pk}/")
        found[str(alert.pk)] = axe_violations(page)
    page.context.close()
    assert {key: value for key, value in found.items() if value} == {}
