"""Screenshots of the mailbox pages, phone and desktop, JavaScript on and off, in French, for a
person to look at (saved under RELAIS_SCREENSHOTS, else a temporary folder). The assertions are
that each page shows its heading and the emergency numbers' names without a click."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from relais.alerts.services import post_staff_message
from tests.factories import OrganisationFactory, SchoolFactory, make_alert

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.engine_neutral("sqlite")]

SIZES = {"phone": (390, 844), "desktop": (1280, 900)}
PAGES = ["", "words/", "files/", "days/", "choices/", "parents/", "details/"]


@pytest.fixture
def receipt(transactional_db) -> str:
    OrganisationFactory(name="Association", jurisdictions=["be-fwb"])
    submitted = make_alert(
        SchoolFactory(name="Institut Saint-Henri", city="Mouscron", code="5432"),
        description="Depuis la rentrée, deux élèves de ma classe m'insultent sur Snapchat.",
    )
    post_staff_message(alert=submitted.alert, actor=None, body="Merci. Nous lisons ton message.")
    return submitted.receipt


@pytest.mark.parametrize("javascript", [False, True], ids=["js-off", "js-on"])
@pytest.mark.parametrize("size", SIZES)
def test_mailbox_pages_in_french(
    browser: Browser, live_server, receipt, tmp_path, size, javascript
):
    folder = Path(os.environ.get("RELAIS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    width, height = SIZES[size]
    context = browser.new_context(
        java_script_enabled=javascript,
        locale="fr",
        viewport={"width": width, "height": height},
        extra_http_headers={"Accept-Language": "fr"},
    )
    page = context.new_page()
    page.goto(live_server.url + "/my/")
    page.fill("input[name=receipt]", receipt)
    page.click("#mailbox-open-form button[type=submit]")
    for path in PAGES:
        page.goto(f"{live_server.url}/my/{path}")
        assert page.is_visible("h1")
        js = "js" if javascript else "nojs"
        name = path.strip("/") or "home"
        page.screenshot(path=str(folder / f"{size}-{js}-{name}.png"), full_page=True)
    page.goto(live_server.url + "/my/")
    assert page.is_visible("#danger .numbers span")
    assert "Écoute-Enfants" in page.inner_text("#danger")
    context.close()
