"""What the association shares with a school reaches it at last: the case page lists the
stripped copies shared with the case's school, of the alerts the case gathers, with the text
read in them, and a member downloads the copy (never the original, never its metadata), each
download audited. "Share with the school" no longer reports a success that no school can see."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from PIL import Image, ImageDraw, ImageFont

from relais.audit.models import AuditAction, AuditEvent
from relais.cases.services import open_from_notice
from relais.evidence.models import EvidenceItem
from relais.evidence.services import share_item, withdraw_evidence
from relais.mailbox.services import open_mailbox
from relais.timeline.imports import process_item
from tests.cases.conftest import acknowledged_notice
from tests.evidence.conftest import api_upload, jpeg_with_gps, vault

__all__ = ["vault"]

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def screenshot(text: str) -> bytes:
    image = Image.new("RGB", (900, 160), "white")
    ImageDraw.Draw(image).text((40, 50), text, font=ImageFont.truetype(FONT, 40), fill="black")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def case(alice, submitted):
    return open_from_notice(notice=acknowledged_notice(submitted.alert), by=alice)


def upload(submitted, content: bytes, name: str) -> EvidenceItem:
    token, _alert = open_mailbox(receipt=submitted.receipt)
    assert api_upload(Client(), token, content, name).status_code == 201
    return EvidenceItem.objects.order_by("-created_at").first()


def test_a_shared_screenshot_shows_with_its_text_and_downloads_stripped(
    alice_client, case, submitted, dora
):
    item = upload(submitted, screenshot("Personne ne veut de toi"), "capture.png")
    assert process_item(item) == "ocr:read"  # Debian's tesseract, as the worker runs it
    share = share_item(item=item, school=case.school, by=dora)

    html = alice_client.get(f"/school/cases/{case.pk}/").content.decode()
    assert f"/school/cases/{case.pk}/evidence/{share.pk}/" in html
    assert "Personne ne veut de toi" in html
    assert "capture.png" not in html  # the name it was sent under is not the school's

    response = alice_client.get(f"/school/cases/{case.pk}/evidence/{share.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="evidence-')
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (900, 160)


def test_the_copy_carries_no_metadata_and_each_download_is_audited(
    alice_client, case, submitted, dora
):
    item = upload(submitted, jpeg_with_gps(), "photo.jpg")
    share = share_item(item=item, school=case.school, by=dora)

    for _ in range(2):
        response = alice_client.get(f"/school/cases/{case.pk}/evidence/{share.pk}/")
        copy = b"".join(response.streaming_content)
        assert copy != b"" and b"Exif" not in copy
        assert not Image.open(io.BytesIO(copy)).getexif()

    downloads = AuditEvent.objects.filter(
        action=AuditAction.EVIDENCE_COPY_DOWNLOADED, object_id=str(item.pk)
    )
    assert downloads.count() == 2
    assert downloads.first().details["case"] == str(case.pk)
    assert downloads.first().actor_kind == "school"


def test_an_item_not_shared_or_withdrawn_is_not_shown(alice_client, case, submitted, dora):
    kept = upload(submitted, jpeg_with_gps(), "a.jpg")
    share = share_item(item=kept, school=case.school, by=dora)
    upload(submitted, jpeg_with_gps((30, 30)), "b.jpg")  # in the vault, never shared

    before = alice_client.get(f"/school/cases/{case.pk}/").content.decode()
    assert before.count(f"/school/cases/{case.pk}/evidence/") == 1

    withdraw_evidence(item=kept, reason="Mauvais fichier.")
    after = alice_client.get(f"/school/cases/{case.pk}/").content.decode()
    assert f"/evidence/{share.pk}/" not in after
    assert alice_client.get(f"/school/cases/{case.pk}/evidence/{share.pk}/").status_code == 404
