"""axe-core finds no serious or critical violation on any public page, in each language, nor on
any staff or acknowledgment page, in French, on a phone and on a desktop."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser

from relais.alerts.services import move_alert, post_reporter_message, post_staff_message
from relais.alerts.workflow import Status
from relais.evidence.models import EvidenceItem
from relais.mailbox.services import open_mailbox
from relais.notices import ner
from relais.notices.models import AckLink
from relais.notices.outbox import send_due
from relais.notices.queue import token_digest
from relais.timeline.services import capture_link
from tests.browser_support import Recorder, axe_violations
from tests.evidence.conftest import api_upload, png, vault
from tests.factories import (
    PASSWORD,
    OrganisationFactory,
    SchoolFactory,
    make_alert,
    totp_device,
    totp_now,
)
from tests.notices.conftest import ack_link, queue_plain_notice, smtp, triaged

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.engine_neutral("sqlite")]
__all__ = ["smtp", "triaged", "vault"]


@pytest.fixture
def public_school(transactional_db):
    OrganisationFactory(name="Association", jurisdictions=["be-fwb"])
    return SchoolFactory(name="Institut Saint-Henri", city="Mouscron", code="5432")


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_no_public_page_has_a_serious_accessibility_violation(
    browser: Browser, live_server, public_school, language
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


# Staff and acknowledgment pages: in French, as their people read them, on a phone and a desktop.
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}


class Walk:
    """A French browser at one size that runs axe on each page it is shown, records every host
    and CSP report, and keeps a screenshot of each page when RELAIS_SCREENSHOTS names a folder
    (for a person to look at)."""

    def __init__(self, browser: Browser, size: str) -> None:
        width, height = SIZES[size]
        self.size = size
        self.context = browser.new_context(
            locale="fr",
            viewport={"width": width, "height": height},
            extra_http_headers={"Accept-Language": "fr"},
        )
        self.page = self.context.new_page()
        self.recorder = Recorder(self.page)
        self.seen: dict[str, list[dict]] = {}
        folder = os.environ.get("RELAIS_SCREENSHOTS", "")
        self.folder = Path(folder) if folder else None

    def check(self, name: str) -> None:
        assert self.page.locator("html").get_attribute("lang") == "fr", name
        self.seen[name] = axe_violations(self.page)
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f"{name.replace(' ', '-')}-{self.size}.png"
            self.page.screenshot(path=str(path), full_page=True)

    def violations(self) -> dict[str, list[dict]]:
        """axe's findings by page, and what reached another host or broke the CSP."""
        self.context.close()
        found = {name: found for name, found in self.seen.items() if found}
        if self.recorder.foreign_hosts() or self.recorder.csp_violations():
            found["elsewhere"] = [
                {"hosts": sorted(self.recorder.foreign_hosts())},
                {"csp": self.recorder.csp_violations()},
            ]
        return found


def _alert_with_everything(school, alice):
    """An alert in danger, triaged, with messages, a file and a link."""
    alert = make_alert(
        school,
        immediate_danger=True,
        categories=["menace", "cyberharcelement"],
        platforms=["snapchat"],
        class_grade="2e B",
        description="Des menaces chaque soir sur Snapchat depuis trois semaines.",
    )
    post_staff_message(alert=alert.alert, actor=alice, body="Es-tu en sécurité ce soir ?")
    post_reporter_message(alert=alert.alert, body="Oui, je suis chez ma tante.")
    token, _alert = open_mailbox(receipt=alert.receipt)
    uploaded = api_upload(Client(), token, png(), "capture.png", platform="snapchat")
    assert uploaded.status_code == 201, uploaded.content
    seen = timezone.now() - timedelta(days=2)
    capture_link(alert=alert.alert, url="https://example.org/post/1", seen_at=seen)
    return move_alert(alert=alert.alert, to=Status.TRIAGED, actor=alice)


@pytest.mark.parametrize("size", SIZES)
def test_no_staff_page_has_a_serious_accessibility_violation(
    browser: Browser, live_server, be_org, school, alice, vault, size
):
    alert = _alert_with_everything(school, alice)
    item = EvidenceItem.objects.get(alert=alert)
    device = totp_device(alice)
    # The notice page checks names with a language model, loaded once per process: load it
    # now, so that the page does not wait for it past the browser's patience.
    ner.pipeline()
    walk = Walk(browser, size)
    page, base = walk.page, live_server.url

    page.goto(f"{base}/staff/login/")
    walk.check("sign-in")
    page.click("main button[type=submit]")
    walk.check("sign-in with errors")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    walk.check("second factor")
    page.fill("#id_token", totp_now(device))
    page.click("main button[type=submit]")
    assert page.url == f"{base}/staff/"
    walk.check("inbox")
    page.goto(f"{base}/staff/alerts/{alert.pk}/")
    walk.check("alert")
    page.goto(f"{base}/staff/evidence/{item.pk}/")
    walk.check("evidence item")
    page.goto(f"{base}/staff/evidence/alerts/{alert.pk}/timeline/")
    walk.check("timeline")
    page.goto(f"{base}/staff/notices/alerts/{alert.pk}/")
    walk.check("notice")
    page.fill("#id_subject", "")
    page.click("button[value=check]")
    walk.check("notice with errors")

    assert walk.violations() == {}
    assert len(walk.seen) == 9


@pytest.mark.parametrize("size", SIZES)
def test_no_acknowledgment_page_has_a_serious_accessibility_violation(
    browser: Browser, live_server, smtp, triaged, alice, school, size
):
    queue_plain_notice(triaged, alice)
    later = move_alert(alert=make_alert(school).alert, to=Status.TRIAGED, actor=alice)
    queue_plain_notice(later, alice)
    send_due()
    # The school's e-mails, not the ones that tell staff something is waiting.
    notices = [m for m in smtp.sink.messages if "/ack/" in m.get_body(("plain",)).get_content()]
    tokens = [ack_link(message)[1] for message in notices]
    AckLink.objects.filter(token_digest=token_digest(tokens[1])).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    walk = Walk(browser, size)
    page, base = walk.page, live_server.url

    page.goto(f"{base}/ack/?t={tokens[0]}")
    walk.check("acknowledgment")
    page.click("main button[type=submit]")
    walk.check("acknowledgment with errors")
    page.fill("#id_name", "Anne Leroy")
    page.fill("#id_role", "directrice")
    page.click("main button[type=submit]")
    walk.check("acknowledged")
    page.goto(f"{base}/ack/?t={tokens[1]}")
    walk.check("expired link")
    page.goto(f"{base}/ack/?t=nothing")
    walk.check("unknown link")

    assert walk.violations() == {}
    assert len(walk.seen) == 5
