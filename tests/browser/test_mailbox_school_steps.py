"""A child reads what the school did, in Chromium with JavaScript off, on a 390-pixel phone, in
French, Dutch and English: the section is there, in their language, with each step's proof to
download; nothing is wider than the screen, nothing comes from another host, no CSP rule is
broken; axe (which runs as a script) finds no serious fault on the same pages with JavaScript
on. RELAIS_SCREENSHOTS=DIR keeps a screenshot."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from relais.cases.models import CaseStep
from tests.browser_support import Recorder, axe_violations
from tests.factories import OrganisationFactory, SchoolFactory, make_alert
from tests.school_steps import case_about, direction_of, record_visible

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.engine_neutral("sqlite")]


@pytest.fixture
def alert_with_steps(transactional_db):
    OrganisationFactory(name="Association", jurisdictions=["be-fwb"])
    school = SchoolFactory(name="Institut Saint-Henri", city="Mouscron", code="5432")
    submitted = make_alert(school)
    direction = direction_of(school)
    case = case_about(submitted.alert, by=direction)
    steps = record_visible(case, 3, by=direction)
    return submitted, steps


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_a_child_reads_what_the_school_did_on_a_phone_without_javascript(
    browser: Browser, live_server, alert_with_steps, language
):
    submitted, steps = alert_with_steps
    context = browser.new_context(
        java_script_enabled=False,
        locale=language,
        viewport={"width": 390, "height": 844},
        extra_http_headers={"Accept-Language": language},
        accept_downloads=True,
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    recorder = Recorder(page)
    page.goto(live_server.url + "/my/")
    page.fill("input[name=receipt]", submitted.receipt)
    page.click("#mailbox-open-form button[type=submit]")

    words = page.locator("#school-steps .school-step-words").all_inner_texts()
    assert words == [step.family[language] for step in steps]
    assert page.is_visible("#school-steps-title")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    if folder := os.environ.get("RELAIS_SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/mailbox-school-steps-{language}.png", full_page=True)

    with page.expect_download() as download:
        page.click("#school-steps li:nth-child(2) a[href$='.json']")
    saved = Path(download.value.path()).read_text(encoding="ascii")
    second = CaseStep.objects.get(key=steps[1].key)
    assert second.entry.digest in saved

    assert recorder.foreign_hosts() == set()
    assert recorder.csp_violations() == []
    context.close()


def test_axe_finds_nothing_serious_in_the_section(browser: Browser, live_server, alert_with_steps):
    submitted, _steps = alert_with_steps
    for language in ("fr", "nl", "en"):
        context = browser.new_context(
            locale=language,
            viewport={"width": 390, "height": 844},
            extra_http_headers={"Accept-Language": language},
        )
        page = context.new_page()
        page.goto(live_server.url + "/my/")
        page.fill("input[name=receipt]", submitted.receipt)
        page.click("#mailbox-open-form button[type=submit]")
        for path in ("/my/", "/my/days/"):
            page.goto(live_server.url + path)
            assert page.locator("#school-steps li").count() == 3, path
            assert axe_violations(page) == [], (language, path)
        context.close()
