"""The quick exit leaves at once, and Back does not return to Relais."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = ["/", "/form/", "/my/"]


def fake_elsewhere(page: Page) -> None:
    # The machine has no outside network: answer for the exit target ourselves.
    page.route(
        "https://www.google.com/**",
        lambda route: route.fulfill(status=200, body="<title>Google</title>elsewhere"),
    )


@pytest.mark.parametrize("path", PAGES)
def test_every_public_page_has_a_quick_exit_first_in_tab_order(page_js: Page, live_server, path):
    page_js.goto(live_server.url + path)
    page_js.keyboard.press("Tab")
    assert page_js.evaluate("() => document.activeElement.id") == "quick-exit"
    assert page_js.get_attribute("#quick-exit", "href") == "https://www.google.com/"


def test_with_javascript_back_does_not_return_after_quick_exit(page_js: Page, live_server):
    fake_elsewhere(page_js)
    page_js.goto(live_server.url + "/")
    page_js.goto(live_server.url + "/form/")
    page_js.click("#quick-exit")
    page_js.wait_for_url("https://www.google.com/")
    page_js.go_back()
    # location.replace() removed /form/ from history: Back lands on the page before it.
    assert not page_js.url.endswith("/form/")


def test_escape_twice_leaves(page_js: Page, live_server):
    fake_elsewhere(page_js)
    page_js.goto(live_server.url + "/form/")
    page_js.keyboard.press("Escape")
    page_js.keyboard.press("Escape")
    page_js.wait_for_url("https://www.google.com/")


def test_without_javascript_the_link_still_leaves(page_nojs: Page, live_server):
    fake_elsewhere(page_nojs)
    page_nojs.goto(live_server.url + "/my/")
    page_nojs.click("#quick-exit")
    page_nojs.wait_for_url("https://www.google.com/")
