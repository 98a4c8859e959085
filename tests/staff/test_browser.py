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

pytestmark = pytest.mark.browser


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
    dora = UserFactory(username="dora", organisation=be_org, role=Role.ADMINISTRATOR)
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
