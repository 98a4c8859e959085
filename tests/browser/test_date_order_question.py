"""A family answers "Is 01/03/2024 1 March or 3 January?" in Chromium with JavaScript off, in
French: two buttons of a plain form, back to the same page, the question gone and the messages
dated in March. Screenshots of the page with the question (phone and desktop) for a person to
look at, saved under RELAIS_SCREENSHOTS, else a temporary folder. Issue 9, point 9."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from relais.timeline.imports import import_chat_export
from relais.timeline.models import TimelineEvent
from tests.browser_support import axe_violations
from tests.documents.conftest import add_item
from tests.factories import OrganisationFactory, SchoolFactory, make_alert

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.engine_neutral("postgresql")]

EXPORT = Path(__file__).resolve().parents[1] / "data" / "exports" / "issue9"
SIZES = {"phone": (390, 844), "desktop": (1280, 900)}


@pytest.fixture
def family(transactional_db):
    OrganisationFactory(name="Association", jurisdictions=["be-fwb"])
    submitted = make_alert(SchoolFactory(name="Institut Saint-Henri", code="5432"))
    content = (EXPORT / "whatsapp_ios_en_12h_ambiguous.txt").read_bytes()
    item = add_item(submitted.alert, content, "_chat.txt")
    import_chat_export(item=item)
    return submitted.receipt, item


@pytest.mark.parametrize("size", SIZES)
def test_the_family_answers_the_date_order_without_javascript(
    browser: Browser, live_server, family, tmp_path, size
):
    receipt, item = family
    folder = Path(os.environ.get("RELAIS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    width, height = SIZES[size]
    context = browser.new_context(
        java_script_enabled=False,
        locale="fr",
        viewport={"width": width, "height": height},
        extra_http_headers={"Accept-Language": "fr"},
    )
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(live_server.url + "/my/")
    page.fill("input[name=receipt]", receipt)
    page.click("#mailbox-open-form button[type=submit]")
    page.goto(live_server.url + "/my/days/")
    question = page.inner_text("#import-problems")
    assert "01/03/2024 : est-ce le 1 mars 2024 ou le 3 janvier 2024 ?" in question
    page.screenshot(path=str(folder / f"{size}-nojs-days-question.png"), full_page=True)

    page.click("#import-problems button[value=day]")

    assert page.url == live_server.url + "/my/days/?reread=1"
    assert page.locator("#import-problems").count() == 0
    assert "relues dans l'ordre choisi" in page.inner_text("#order-saved")
    dates = TimelineEvent.objects.filter(item=item).order_by("position")
    assert [e.occurred_at.date().isoformat() for e in dates] == [
        "2024-03-01",
        "2024-03-02",
        "2024-03-05",
    ]
    page.screenshot(path=str(folder / f"{size}-nojs-days-answered.png"), full_page=True)
    assert not [text for text in console if "Content Security Policy" in text]
    context.close()


def test_axe_finds_nothing_serious_on_the_question(browser: Browser, live_server, family):
    receipt, item = family
    context = browser.new_context(locale="fr", extra_http_headers={"Accept-Language": "fr"})
    page = context.new_page()
    page.goto(live_server.url + "/my/")
    page.fill("input[name=receipt]", receipt)
    page.click("#mailbox-open-form button[type=submit]")
    for path in ("/my/days/", f"/my/files/{item.pk}/"):
        page.goto(live_server.url + path)
        assert page.locator("#import-problems button[value=month]").count() == 1, path
        assert axe_violations(page) == [], path
    context.close()
