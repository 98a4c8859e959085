"""In Debian's Chromium: sign-in with password and TOTP, a reply, a move and an admin form,
with no Content-Security-Policy report. Also guards against `Origin: null` on form posts,
which a "no-referrer" policy would cause and Django's CSRF check refuses."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from relais.accounts.models import Role
from relais.alerts.models import Message
from relais.alerts.workflow import Status
from relais.schools.models import School
from tests.factories import PASSWORD, UserFactory, totp_device, totp_now

pytestmark = [pytest.mark.browser, pytest.mark.engine_neutral("sqlite")]


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="en")
    page = context.new_page()
    page.console_lines = []  # type: ignore[attr-defined]
    page.on("console", lambda message: page.console_lines.append(message.text))  # type: ignore[attr-defined]
    yield page
    context.close()


def _csp_reports(page: Page) -> list[str]:
    return [line for line in page.console_lines if "Content Security Policy" in line]  # type: ignore[attr-defined]


def test_staff_and_admin_work_in_a_real_browser(page, live_server, be_org, submitted, alice):
    # Adding a school changes shared reference data: only the platform administrator does.
    dora = UserFactory(
        username="dora", organisation=be_org, role=Role.ADMINISTRATOR, is_superuser=True
    )
    device = totp_device(dora)
    alert = submitted.alert

    page.goto(f"{live_server.url}/staff/login/")
    page.fill("#id_username", "dora")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.fill("#id_token", totp_now(device))
    page.click("main button[type=submit]")
    assert page.url == f"{live_server.url}/staff/"
    assert alert.reference in page.content()

    page.goto(f"{live_server.url}/staff/alerts/{alert.pk}/")
    page.fill("#id_body", "Merci, nous regardons.")
    page.click("form.reply button")
    page.check(f"input[value={Status.TRIAGED}]")
    page.click("form.move button")
    assert Message.objects.filter(alert=alert, body="Merci, nous regardons.").exists()
    alert.refresh_from_db()
    assert alert.status == Status.TRIAGED

    for path in ("/admin/", f"/admin/accounts/user/{alice.pk}/change/", "/admin/alerts/alert/"):
        page.goto(f"{live_server.url}{path}")
    page.goto(f"{live_server.url}/admin/schools/school/add/")
    page.fill("#id_name", "École du Centre")
    page.fill("#id_code", "9999")
    page.select_option("#id_jurisdiction", "be-fwb")
    page.click("input[name=_save]")
    assert School.objects.filter(name="École du Centre", search_text__contains="ecole").exists()

    assert _csp_reports(page) == []


SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
# English words that a French staff page must not show (labels, headings, buttons).
ENGLISH = [
    "Status",
    "Received",
    "School",
    "Categories",
    "Reference",
    "Next deadline",
    "unread",
    "overdue",
    "Reply",
    "Audit trail",
    "Evidence",
    "Facts",
    "Danger now",
    "Filter",
    "Sign out",
    "staff",
    "feedback",
    "acknowledg",
]


def _busy_inbox(be_org, school, alice):
    """A few alerts in every state the inbox distinguishes, and one page worth reading."""
    from datetime import timedelta

    from django.utils import timezone

    from relais.alerts.models import Alert
    from relais.alerts.services import post_reporter_message, post_staff_message
    from tests.factories import make_alert

    now = timezone.now()
    danger = make_alert(
        school,
        immediate_danger=True,
        categories=["menace", "cyberharcelement"],
        platforms=["snapchat"],
        class_grade="2e B",
        description="Depuis trois semaines, un élève reçoit chaque soir des menaces sur "
        "Snapchat. Hier, on lui a dit qu'on l'attendrait à la sortie.\n\nIl ne veut plus "
        "aller à l'école.",
    ).alert
    post_staff_message(
        alert=danger, actor=alice, body="Merci de nous avoir écrit. Es-tu en sécurité ce soir ?"
    )
    post_reporter_message(alert=danger, body="Oui, je suis chez ma tante ce soir.")
    old = make_alert(school, categories=["harcelement"]).alert
    Alert.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=9))
    triaged = make_alert(school, categories=["humiliation"]).alert
    Alert.objects.filter(pk=triaged.pk).update(
        status=Status.TRIAGED, created_at=now - timedelta(days=30)
    )
    closed = make_alert(school, categories=["autre"]).alert
    Alert.objects.filter(pk=closed.pk).update(status=Status.CLOSED)
    return danger


@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES)
def test_the_inbox_and_the_alert_page_read_well_in_french(
    browser: Browser, live_server, be_org, school, alice, tmp_path, size
):
    """Screenshots for a person to look at (under RELAIS_SCREENSHOTS, else a temporary folder);
    the assertions: no English word, nothing wider than the screen, and the actions (status,
    notice, messages) before the facts, the status form within the first screen."""
    import os
    from pathlib import Path

    from django.test import Client

    from tests.conftest import login_verified

    danger = _busy_inbox(be_org, school, alice)
    client = login_verified(Client(), alice)
    folder = Path(os.environ.get("RELAIS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    width, height = SIZES[size]
    context = browser.new_context(
        locale="fr",
        viewport={"width": width, "height": height},
        extra_http_headers={"Accept-Language": "fr"},
    )
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "domain": host,
                "path": "/",
            }
        ]
    )
    page = context.new_page()
    page.console_lines = []  # type: ignore[attr-defined]
    page.on("console", lambda message: page.console_lines.append(message.text))  # type: ignore[attr-defined]

    page.goto(f"{live_server.url}/staff/")
    page.screenshot(path=str(folder / f"staff-{size}-inbox.png"), full_page=True)
    first_row = page.locator("tr.alert-row").first
    assert danger.reference in first_row.inner_text()
    _assert_french_and_fits(page, width)

    page.goto(f"{live_server.url}/staff/alerts/{danger.pk}/")
    page.screenshot(path=str(folder / f"staff-{size}-alert.png"), full_page=True)
    page.screenshot(path=str(folder / f"staff-{size}-alert-first-screen.png"))
    _assert_french_and_fits(page, width)
    status = page.locator("#status-title").bounding_box()
    facts = page.locator("#facts-title").bounding_box()
    messages = page.locator("#messages-title").bounding_box()
    notice = page.locator("#notice-title").bounding_box()
    assert status and facts and messages and notice
    assert max(status["y"], notice["y"], messages["y"]) < facts["y"]
    assert status["y"] < height
    assert _csp_reports(page) == []
    context.close()


def _assert_french_and_fits(page: Page, width: int) -> None:
    text = page.inner_text("body")
    leaks = [word for word in ENGLISH if word in text]
    assert leaks == [], leaks
    wide = page.evaluate(
        """(width) => [...document.querySelectorAll("main *")]
            .filter((e) => e.getBoundingClientRect().right > width + 1)
            .map((e) => e.tagName + "." + e.className + "#" + e.id)""",
        width,
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width, wide
