"""In Chromium, with JavaScript on and off: a family sends a chat export and a screenshot in one
form, says who is who, and takes the screenshot back; the victim it marked is not listed as an
alleged author, and axe finds nothing serious on the new pages."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page

from relais.evidence.models import EvidenceItem
from relais.timeline.models import Participant
from tests.browser_support import axe_violations
from tests.factories import OrganisationFactory, SchoolFactory, make_alert
from tests.timeline.helpers import EXPORTS, IMMEDIATE

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.engine_neutral("postgresql")]


@pytest.fixture
def receipt(transactional_db, settings) -> str:
    settings.TASKS = IMMEDIATE  # the chat export is read as soon as it is sealed
    OrganisationFactory(name="Association", jurisdictions=["be-fwb"])
    return make_alert(SchoolFactory(name="Institut Saint-Henri", code="5432")).receipt


def _files(folder: Path) -> list[str]:
    capture = folder / "capture.png"
    buffer = io.BytesIO()
    Image.new("RGB", (360, 640), (20, 20, 30)).save(buffer, "PNG")
    capture.write_bytes(buffer.getvalue())
    chat = folder / "chat.zip"
    chat.write_bytes((EXPORTS / "relais" / "whatsapp_ios_fr.zip").read_bytes())
    return [str(chat), str(capture)]


def _open(page: Page, url: str, receipt: str) -> None:
    page.goto(url + "/my/")
    page.fill("input[name=receipt]", receipt)
    page.click("#mailbox-open-form button[type=submit]")


def _send_both(page: Page, url: str, folder: Path) -> None:
    page.goto(url + "/my/files/")
    page.set_input_files("#id_file", _files(folder))
    page.click("#evidence-form button[type=submit]")


def test_a_family_sends_two_files_says_who_is_who_and_takes_one_back(
    page: Page, live_server, receipt, tmp_path
):
    url = live_server.url
    _open(page, url, receipt)
    _send_both(page, url, tmp_path)
    assert "2" in page.inner_text("#evidence-added")
    assert EvidenceItem.objects.count() == 2

    page.goto(url + "/my/days/")
    assert "Léa" in page.inner_text("#synthesis-participants")
    page.click("#people-link")
    page.select_option("select:near(label:text-is('Léa'))", "victim")
    page.select_option("select:near(label:text-is('Tom'))", "alleged_author")
    page.click("#people-form button[type=submit]")
    assert dict(Participant.objects.values_list("handle", "role")) == {
        "Léa": "victim",
        "Tom": "alleged_author",
    }
    page.goto(url + "/my/days/")
    assert page.inner_text("#synthesis-authors").strip() == "Tom"

    page.goto(url + "/my/files/")
    page.click("#evidence a:text('capture.png')")
    page.fill("#id_reason", "mauvais fichier")
    page.click("#withdraw-form button[type=submit]")
    assert page.locator("#item-withdrawn").count() == 1
    assert EvidenceItem.objects.get(display_name="capture.png").withdrawn
    assert page.recorder.foreign_hosts() == set()  # type: ignore[attr-defined]
    assert page.recorder.csp_violations() == []  # type: ignore[attr-defined]


def test_the_new_pages_have_no_serious_accessibility_violation(
    page_js: Page, live_server, receipt, tmp_path
):
    url = live_server.url
    _open(page_js, url, receipt)
    _send_both(page_js, url, tmp_path)
    page_js.goto(url + "/my/people/")
    assert axe_violations(page_js) == []
    item = EvidenceItem.objects.get(display_name="capture.png")
    page_js.goto(url + f"/my/files/{item.pk}/")
    assert axe_violations(page_js) == []
