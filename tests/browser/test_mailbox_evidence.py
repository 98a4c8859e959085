"""A reporter adds a screenshot to their vault from the mailbox, with JavaScript on and off,
then finds it listed, and its fingerprint on its own page; axe finds nothing serious on the
mailbox with files."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image
from playwright.sync_api import Page

from relais.evidence.models import EvidenceItem
from tests.browser_support import axe_violations
from tests.factories import OrganisationFactory, SchoolFactory, make_alert

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.engine_neutral("postgresql")]


@pytest.fixture
def receipt(transactional_db) -> str:
    OrganisationFactory(name="Association", jurisdictions=["be-fwb"])
    return make_alert(SchoolFactory(name="Institut Saint-Henri", code="5432")).receipt


def screenshot(path) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (360, 640), (20, 20, 30)).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def test_a_reporter_adds_a_screenshot_to_the_vault(page: Page, live_server, receipt, tmp_path):
    data = screenshot(tmp_path / "capture.png")
    page.goto(live_server.url + "/my/")
    page.fill("input[name=receipt]", receipt)
    page.click("#mailbox-open-form button[type=submit]")
    page.click("a[href='/my/files/']")
    page.set_input_files("#id_file", str(tmp_path / "capture.png"))
    page.click("#evidence-form button[type=submit]")
    item = EvidenceItem.objects.get()
    assert item.sha256 == hashlib.sha256(data).hexdigest()
    page.goto(live_server.url + "/my/files/")
    assert "capture.png" in page.inner_text("#evidence")
    page.goto(f"{live_server.url}/my/files/{item.pk}/")  # the fingerprint is one step further
    assert item.sha256 in page.inner_text("#item-technical")
    assert page.recorder.foreign_hosts() == set()  # type: ignore[attr-defined]
    assert page.recorder.csp_violations() == []  # type: ignore[attr-defined]


def test_the_mailbox_with_files_has_no_serious_accessibility_violation(
    page_js: Page, live_server, receipt, tmp_path
):
    screenshot(tmp_path / "capture.png")
    page_js.goto(live_server.url + "/my/")
    page_js.fill("input[name=receipt]", receipt)
    page_js.click("#mailbox-open-form button[type=submit]")
    page_js.goto(live_server.url + "/my/files/")
    page_js.set_input_files("#id_file", str(tmp_path / "capture.png"))
    page_js.click("#evidence-form button[type=submit]")
    page_js.goto(live_server.url + "/my/files/")
    assert axe_violations(page_js) == []
