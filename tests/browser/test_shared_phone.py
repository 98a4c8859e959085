"""What a shared phone keeps after a child used Relais: its history holds no revealing path or
title, and its browser remembers no fact typed into a form. With JavaScript on and off."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from relais.alerts.models import Message
from relais.mailbox.models import MailboxSession
from tests.browser.test_reporter_journey import raise_alert
from tests.factories import OrganisationFactory, SchoolFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.engine_neutral("postgresql")]

REVEALING = re.compile(
    r"alert|mailbox|police|letter|document|evidence|proof|dossier|harass|bully|complaint|"
    r"alerte|signal|harcel|preuve|plainte|lettre|courrier",
    re.I,
)
MAILBOX_PAGES = ["/my/", "/my/words/", "/my/files/", "/my/days/", "/my/choices/", "/my/parents/"]
WITH_FIELDS = ["/my/", "/my/files/", "/my/days/", "/my/choices/", "/my/parents/"]
# Every field that takes typed words must say autocomplete="off".
TYPED = (
    "input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file])"
    ":not([type=submit]):not([type=button]), textarea"
)


@pytest.fixture
def school(transactional_db):
    OrganisationFactory(name="Association", jurisdictions=["be-fwb"])
    return SchoolFactory(name="Institut Saint-Henri", city="Mouscron", code="5432")


def history(page: Page) -> list[tuple[str, str]]:
    session = page.context.new_cdp_session(page)
    entries = session.send("Page.getNavigationHistory")["entries"]
    return [(entry["url"], entry["title"]) for entry in entries]


def open_mailbox(page: Page, base: str, receipt: str) -> None:
    page.goto(base + "/my/")
    page.fill("input[name=receipt]", receipt)
    page.click("#mailbox-open-form button[type=submit]")
    assert page.is_visible("#status-words")


def remembered(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        TYPED,
        "fields => fields.filter(f => f.getAttribute('autocomplete') !== 'off')"
        ".map(f => f.outerHTML)",
    )


def test_history_holds_no_revealing_path_or_title(page: Page, live_server, school):
    base = live_server.url
    receipt = raise_alert(page, base)
    open_mailbox(page, base, receipt)
    for path in [*MAILBOX_PAGES, "/my/details/"]:
        page.click(f"nav.mailbox-nav a[href='{path}']")
    page.click("nav.mailbox-nav a[href='/my/parents/']")
    page.click("#documents a[href^='/my/papers/']")
    entries = history(page)
    assert len(entries) > 8
    for url, title in entries:
        path = url.removeprefix(base)
        assert not REVEALING.search(path), path
        assert not REVEALING.search(title), title
        assert "Saint-Henri" not in title


def test_no_field_holding_a_fact_is_remembered(page_js: Page, live_server, school):
    # Read through the DOM of real Chromium, where autofill looks; JavaScript is needed for
    # reading it, not by the pages (the attribute is in the HTML: see tests/public).
    base = live_server.url
    page_js.goto(base + "/form/")
    assert remembered(page_js) == []
    receipt = raise_alert(page_js, base)
    open_mailbox(page_js, base, receipt)
    for path in WITH_FIELDS:
        page_js.goto(base + path)
        assert page_js.locator(TYPED).count() > 0, path
        assert remembered(page_js) == [], path
    page_js.goto(base + "/my/papers/3/")
    assert remembered(page_js) == []


def test_a_message_typed_past_the_timeout_comes_back_and_is_sent(page: Page, live_server, school):
    base = live_server.url
    receipt = raise_alert(page, base)
    open_mailbox(page, base, receipt)
    page.fill("#message-form textarea[name=body]", "Il m'a encore menacé à la récré.")
    # The child is called away; the session ends on the server meanwhile.
    MailboxSession.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    page.click("#message-form button[type=submit]")
    assert page.is_visible("#pending-kept")
    assert page.input_value("#pending") == "Il m'a encore menacé à la récré."
    assert Message.objects.count() == 0
    page.fill("input[name=receipt]", receipt)
    page.click("#mailbox-open-form button[type=submit]")
    assert "Il m'a encore menacé à la récré." in page.inner_text("#messages")
    assert Message.objects.get().body == "Il m'a encore menacé à la récré."
