"""axe-core finds no serious or critical violation on any public page, in each language."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser_support import axe_violations
from tests.factories import OrganisationFactory, SchoolFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def school(transactional_db):
    OrganisationFactory(name="Association", jurisdictions=["be-fwb"])
    return SchoolFactory(name="Institut Saint-Henri", city="Mouscron", code="5432")


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_no_public_page_has_a_serious_accessibility_violation(
    browser: Browser, live_server, school, language
):
    context = browser.new_context(locale=language, extra_http_headers={"Accept-Language": language})
    page = context.new_page()
    base = live_server.url
    seen = {}

    def check(name: str) -> None:
        seen[name] = axe_violations(page)

    page.goto(base + "/")
    check("home")
    page.goto(base + "/form/")
    check("alert form")
    page.fill("#q", "henri")
    page.click("#search-button")
    check("alert form with schools")
    page.click("#send-button")
    check("alert form with errors")
    page.check("input[name=school_id]")
    page.check("input[name=reporter_role][value=parent]")
    page.check("input[name=categories][value=menace]")
    page.fill("textarea[name=description]", "Menaces répétées.")
    page.check("input[name=immediate_danger]")
    page.check("input[name=good_faith]")
    page.click("#send-button")
    check("receipt")
    receipt = page.inner_text("#receipt").replace("\n", "")
    page.reload()
    check("already sent")
    page.goto(base + "/my/")
    check("mailbox login")
    page.fill("input[name=receipt]", "XXXX")
    page.click("#mailbox-open-form button[type=submit]")
    check("mailbox login with error")
    page.fill("input[name=receipt]", receipt)
    page.click("#mailbox-open-form button[type=submit]")
    check("mailbox")
    for path in ("words", "files", "days", "choices", "parents", "details"):
        page.goto(f"{base}/my/{path}/")
        check(f"mailbox {path}")
    page.click("#logout-form button[type=submit]")
    check("mailbox closed")
    page.goto(base + "/no-such-page/")
    check("not found")
    context.close()
    assert {name: found for name, found in seen.items() if found} == {}
    assert len(seen) == 17
