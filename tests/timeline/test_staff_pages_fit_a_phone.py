"""On a phone (390x844, in French), the staff alert page and the staff timeline are no wider than
the screen: their tables scroll inside their own box, hashes and long addresses wrap, form rows
stack. Screenshots go under RELAIS_SCREENSHOTS (else a temporary folder) for a person to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import Browser, Page

from relais.timeline.services import capture_link
from tests.conftest import login_verified
from tests.timeline.helpers import export, immediate_tasks, upload

__all__ = ["immediate_tasks"]

pytestmark = [pytest.mark.browser, pytest.mark.engine_neutral("sqlite")]

WIDTH, HEIGHT = 390, 844
# An address as a family copies it from a phone's share button: no space to break at.
LONG_URL = (
    "https://www.tiktok.com/@compte.anonyme.du.college/video/" + "7" * 19 + "?is_from_webapp=1"
)


def _phone(browser: Browser, live_server, user) -> Page:
    client = login_verified(Client(), user)
    context = browser.new_context(
        locale="fr",
        viewport={"width": WIDTH, "height": HEIGHT},
        extra_http_headers={"Accept-Language": "fr"},
    )
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


def _too_wide(page: Page) -> list[str]:
    """The elements that reach past the screen's right edge, to say what overflows."""
    return page.evaluate(
        """() => [...document.querySelectorAll("body *")]
            .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
            .filter((e) => !e.closest(".scroll"))
            .map((e) => e.tagName + "." + e.className + "#" + e.id)
            .slice(0, 12)"""
    )


def _assert_fits(page: Page) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    inner_width = page.evaluate("window.innerWidth")
    assert scroll_width <= inner_width, (scroll_width, _too_wide(page))


def test_the_alert_page_and_the_timeline_fit_a_phone(
    browser: Browser,
    live_server,
    immediate_tasks,
    alice,
    submitted,
    mailbox_token,
    django_capture_on_commit_callbacks,
    tmp_path,
):
    alert = submitted.alert
    upload(
        django_capture_on_commit_callbacks,
        mailbox_token,
        export("relais/whatsapp_ios_fr.zip"),
        "conversation-whatsapp-avec-la-classe-de-deuxieme-annee.zip",
    )
    capture_link(alert=alert, url=LONG_URL, note="Vidéo moqueuse", staff=alice)
    folder = Path(os.environ.get("RELAIS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page = _phone(browser, live_server, alice)

    page.goto(f"{live_server.url}/staff/alerts/{alert.pk}/")
    page.locator("#trail details").evaluate("(details) => { details.open = true; }")
    page.screenshot(path=str(folder / "phone-staff-alert.png"), full_page=True)
    assert page.locator("#evidence-title").inner_text() == "Preuves"
    _assert_fits(page)

    page.goto(f"{live_server.url}/staff/evidence/alerts/{alert.pk}/timeline/")
    page.screenshot(path=str(folder / "phone-staff-timeline.png"), full_page=True)
    assert page.locator("table.timeline tbody tr").count() > 3
    _assert_fits(page)
    page.context.close()
