"""The quick exit leaves at once, ends an open mailbox, and Back shows nothing of it.

The mailbox tests run in a Chromium whose back/forward cache is ON (Playwright turns it off by
default): a page restored from that cache is not fetched again, so it is the harder case.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page
from playwright.sync_api import Error as PlaywrightError

from relais.alerts.services import post_staff_message
from relais.mailbox.models import MailboxSession
from tests.browser_support import CHROMIUM, FLAGS, Recorder
from tests.factories import OrganisationFactory, SchoolFactory, make_alert

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.engine_neutral("postgresql")]

PAGES = ["/", "/form/", "/my/"]
REPLY = "Nous avons parlé à la direction de Saint-Henri."


def fake_elsewhere(page: Page) -> None:
    # The machine has no outside network: answer for the exit target ourselves (on the context,
    # which also sees the request that follows our exit page's redirect).
    page.context.route(
        "https://www.google.com/**",
        lambda route: route.fulfill(status=200, body="<title>Google</title>elsewhere"),
    )


@pytest.fixture(scope="module")
def bfcache_browser(browser: Browser) -> Iterator[Browser]:
    chromium = browser.browser_type.launch(
        executable_path=CHROMIUM, args=FLAGS, ignore_default_args=["--disable-back-forward-cache"]
    )
    yield chromium
    chromium.close()


@pytest.fixture(params=[False, True], ids=["js-off", "js-on"])
def phone(request: pytest.FixtureRequest, bfcache_browser: Browser) -> Iterator[Page]:
    context = bfcache_browser.new_context(java_script_enabled=request.param, locale="fr")
    page = context.new_page()
    page.recorder = Recorder(page)  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.fixture
def receipt(transactional_db) -> str:
    OrganisationFactory(name="Association", jurisdictions=["be-fwb"])
    submitted = make_alert(SchoolFactory(name="Institut Saint-Henri", code="5432"))
    post_staff_message(alert=submitted.alert, actor=None, body=REPLY)
    return submitted.receipt


def open_mailbox(page: Page, base: str, receipt: str) -> None:
    page.goto(base + "/")
    page.goto(base + "/my/")
    page.fill("input[name=receipt]", receipt)
    page.click("#mailbox-open-form button[type=submit]")
    assert REPLY in page.inner_text("#messages")


def shows_nothing_of_the_mailbox(page: Page) -> None:
    text = page.inner_text("body")
    assert REPLY not in text
    assert "Saint-Henri" not in text
    assert not page.is_visible("#status-words")


@pytest.mark.parametrize("path", PAGES)
def test_every_public_page_has_a_quick_exit_first_in_tab_order(page_js: Page, live_server, path):
    page_js.goto(live_server.url + path)
    page_js.keyboard.press("Tab")
    assert page_js.evaluate("() => document.activeElement.id") == "quick-exit"
    assert page_js.get_attribute("#quick-exit", "href") == "/my/exit/"


def test_quick_exit_then_back_shows_only_the_login_page(phone: Page, live_server, receipt):
    fake_elsewhere(phone)
    open_mailbox(phone, live_server.url, receipt)
    phone.click("#quick-exit")
    phone.wait_for_url("https://www.google.com/")
    assert MailboxSession.objects.count() == 0
    # Back through every entry the mailbox left: none shows its content.
    for _step in range(2):
        phone.go_back()
        if phone.url.startswith(live_server.url + "/my/"):
            shows_nothing_of_the_mailbox(phone)
            assert phone.is_visible("#mailbox-open-form")


def test_quick_exit_from_a_further_page_ends_the_mailbox(phone: Page, live_server, receipt):
    fake_elsewhere(phone)
    open_mailbox(phone, live_server.url, receipt)
    phone.click("a[href='/my/words/']")
    phone.click("#quick-exit")
    phone.wait_for_url("https://www.google.com/")
    phone.go_back()
    shows_nothing_of_the_mailbox(phone)
    assert phone.is_visible("#mailbox-open-form")


def test_with_javascript_back_does_not_return_after_quick_exit(page_js: Page, live_server):
    fake_elsewhere(page_js)
    page_js.goto(live_server.url + "/")
    page_js.goto(live_server.url + "/form/")
    page_js.click("#quick-exit")
    page_js.wait_for_url("https://www.google.com/")
    page_js.go_back()
    # location.replace() removed /form/ from history: Back lands on the page before it.
    assert not page_js.url.endswith("/form/")


def test_escape_twice_is_not_promised_without_javascript(page_nojs: Page, live_server):
    page_nojs.goto(live_server.url + "/form/")
    assert not page_nojs.is_visible("#escape-hint")


def test_escape_twice_leaves_and_is_promised_with_javascript(page_js: Page, live_server):
    page_js.goto(live_server.url + "/form/")
    assert page_js.is_visible("#escape-hint")
    # Through our exit page, then to the neutral site (asked for, whether or not it answers:
    # the route of a request that follows a redirect started from a key press is not reliable).
    with page_js.expect_request("https://www.google.com/"):
        page_js.keyboard.press("Escape")
        page_js.keyboard.press("Escape")


def test_without_javascript_the_link_still_leaves(page_nojs: Page, live_server):
    fake_elsewhere(page_nojs)
    page_nojs.goto(live_server.url + "/my/")
    page_nojs.click("#quick-exit")
    page_nojs.wait_for_url("https://www.google.com/")


PRIVATE = "Mardi Lucas m'a poussé dans l'escalier"


def back_and_reload(page: Page, times: int) -> None:
    """Back ``times`` times, then Reload: the tester's way of finding what a phone remembers.
    A POST entry makes Chromium ask before sending again; a hurried hand says yes."""
    page.on("dialog", lambda dialog: dialog.accept())
    for _step in range(times):
        # An entry Chromium will not show without asking (ERR_CACHE_MISS) still counts as a step.
        with contextlib.suppress(PlaywrightError):
            page.go_back()
    with contextlib.suppress(PlaywrightError):
        page.reload()


def test_a_message_given_back_then_sent_is_gone_after_quick_exit(phone: Page, live_server, receipt):
    """Issue 9, point 1: the re-login that sent a pending message left a POST in history."""
    fake_elsewhere(phone)
    open_mailbox(phone, live_server.url, receipt)
    phone.fill("#id_body", PRIVATE)
    MailboxSession.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    phone.click("#message-form button[type=submit]")
    assert PRIVATE in phone.input_value("#pending")
    phone.fill("input[name=receipt]", receipt)
    phone.click("#mailbox-open-form button[type=submit]")
    assert PRIVATE in phone.inner_text("#messages")
    phone.click("#quick-exit")
    phone.wait_for_url("https://www.google.com/")
    back_and_reload(phone, 2)
    assert "Mardi" not in phone.content()
    assert "escalier" not in phone.content()


@pytest.fixture
def a_school(transactional_db) -> None:
    SchoolFactory(name="Institut Saint-Henri", code="5432")


def test_what_was_typed_before_a_school_search_is_gone_after_quick_exit(
    phone: Page, live_server, a_school
):
    """Issue 9, point 2: each search was a POST of the whole form, kept in history."""
    fake_elsewhere(phone)
    phone.goto(live_server.url + "/")
    phone.goto(live_server.url + "/form/")
    phone.fill("#id_description", PRIVATE)
    phone.fill("#id_class_grade", "5e B")
    phone.fill("#q", "st henri")
    phone.click("#search-button")
    assert phone.is_visible("#id_school_id_0")
    assert PRIVATE in phone.input_value("#id_description")
    phone.click("#quick-exit")
    phone.wait_for_url("https://www.google.com/")
    back_and_reload(phone, 1)
    assert "Mardi" not in phone.content()
    assert "5e B" not in phone.content()


def test_after_the_receipt_quick_exit_then_back_does_not_say_an_alert_was_sent(
    phone: Page, live_server, a_school
):
    """Issue 9, point 2: the receipt was the answer to the POST; Reload said "already sent"."""
    fake_elsewhere(phone)
    phone.goto(live_server.url + "/")
    phone.goto(live_server.url + "/form/")
    phone.fill("#q", "st henri")
    phone.click("#search-button")
    phone.check("input[name=school_id]")
    phone.check("input[name=reporter_role][value=witness]")
    phone.check("input[name=categories][value=harcelement]")
    phone.fill("textarea[name=description]", PRIVATE)
    phone.check("input[name=platforms][value=snapchat]")
    phone.check("input[name=good_faith]")
    phone.click("#send-button")
    assert phone.is_visible("#receipt")
    phone.click("#quick-exit")
    phone.wait_for_url("https://www.google.com/")
    back_and_reload(phone, 1)
    text = phone.content()
    assert "déjà été envoyée" not in text
    assert 'id="receipt"' not in text
    assert "Mardi" not in text
