""" "Share with the school" is back, and tells the truth (issue 10 had removed it: it reported a
success no school could see, and the shared image still showed a handle and a class). The copy
without metadata goes into the school's case, and only when the school has one for the alert and
the text it would read there passes the redaction check; otherwise nothing is shared and the page
says why. The school's side of it: tests/cases/test_the_school_sees_the_evidence_shared_with_it.py.
"""

from __future__ import annotations

import html
import io

import pytest
from django.test import Client
from PIL import Image, ImageDraw, ImageFont

from relais.accounts.models import Role
from relais.audit.models import AuditAction, AuditEvent
from relais.cases.services import open_from_notice
from relais.evidence.models import EvidenceItem, Share
from relais.notices.models import Notice, NoticeState
from relais.timeline.imports import process_item
from tests.evidence.conftest import api_upload, jpeg_with_gps
from tests.factories import UserFactory, make_alert

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def screenshot(text: str) -> bytes:
    image = Image.new("RGB", (1000, 160), "white")
    ImageDraw.Draw(image).text((40, 50), text, font=ImageFont.truetype(FONT, 40), fill="black")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def submitted(be_org, school):
    return make_alert(school, description="Léa reçoit des insultes depuis la rentrée.")


def upload(mailbox_token, content: bytes, name: str = "capture.png") -> EvidenceItem:
    assert api_upload(Client(), mailbox_token, content, name).status_code == 201
    item = EvidenceItem.objects.order_by("-created_at").first()
    process_item(item)  # what the worker does once the file is sealed: read its text
    return item


@pytest.fixture
def case(submitted, school):
    head = UserFactory(username="head", organisation=None, role=Role.DIRECTION, school=school)
    notice = Notice.objects.create(
        alert=submitted.alert,
        jurisdiction="be-fwb",
        subject="Signalement",
        body="Texte",
        state=NoticeState.ACKNOWLEDGED,
    )
    return open_from_notice(notice=notice, by=head)


def share(client: Client, item: EvidenceItem):
    return client.post(f"/staff/evidence/{item.pk}/share/")


def test_without_a_school_case_nothing_is_shared_and_the_page_says_why(alice_client, mailbox_token):
    item = upload(mailbox_token, jpeg_with_gps(), "photo.jpg")
    page = alice_client.get(f"/staff/evidence/{item.pk}/").content.decode()
    assert f"/staff/evidence/{item.pk}/share/" not in page
    assert "The school has no case for this alert yet" in page

    response = share(alice_client, item)

    assert response.status_code == 400
    assert "The school has no open case for this alert" in response.content.decode()
    assert not Share.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.EVIDENCE_SHARED).exists()


def test_with_a_case_the_copy_goes_into_it(alice_client, mailbox_token, case):
    item = upload(mailbox_token, screenshot("Rendez-vous à la récré"))
    page = alice_client.get(f"/staff/evidence/{item.pk}/").content.decode()
    assert f"(case {case.number})" in page

    response = share(alice_client, item)

    assert response.status_code == 302
    assert Share.objects.get().school == case.school
    assert AuditEvent.objects.filter(
        action=AuditAction.CASE_EVIDENCE_ADDED, object_id=str(case.pk)
    ).exists()
    after = html.unescape(alice_client.get(response["Location"]).content.decode())
    assert f"is in the school's case {case.number}" in after
    assert "the school sees this copy" in after


def test_a_name_in_the_text_read_blocks_the_share(alice_client, mailbox_token, case):
    item = upload(mailbox_token, screenshot("Léa tu es moche"))

    response = share(alice_client, item)

    page = response.content.decode()
    assert response.status_code == 400
    assert "Not shared: the text read in this file holds what could identify people." in page
    assert "Léa" in page.split('id="share"')[1]
    assert not Share.objects.exists()


def test_another_organisation_cannot_share_the_item(bob_client, mailbox_token, case):
    item = upload(mailbox_token, jpeg_with_gps(), "photo.jpg")

    assert share(bob_client, item).status_code == 404
    assert not Share.objects.exists()
