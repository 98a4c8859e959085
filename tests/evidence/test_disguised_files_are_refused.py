"""The type comes from the bytes: a program named .jpg, or a zip that is no chat export, is
refused with 415; the declared type and the name change nothing."""

from __future__ import annotations

import io
import zipfile

from django.test import Client

from relais.evidence.models import EvidenceItem
from tests.evidence.conftest import api_upload, png, stored_files, whatsapp_zip

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(5000)


def test_a_program_named_like_a_photo_is_refused(mailbox_token, vault):
    response = api_upload(Client(), mailbox_token, EXE, "photo.jpg")
    assert response.status_code == 415
    assert response.json()["detail"]
    assert EvidenceItem.objects.count() == 0
    assert stored_files(vault) == []


def test_a_zip_that_is_not_a_chat_export_is_refused(mailbox_token, vault):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    response = api_upload(Client(), mailbox_token, out.getvalue(), "chat.zip")
    assert response.status_code == 415
    assert stored_files(vault) == []


def test_text_with_a_nul_byte_past_the_start_is_refused(mailbox_token, vault):
    data = b"a perfectly normal line\n" * 1000 + b"\x00binary"
    response = api_upload(Client(), mailbox_token, data, "chat.txt")
    assert response.status_code == 415
    assert stored_files(vault) == []


def test_the_name_and_declared_type_are_ignored(mailbox_token, vault):
    response = api_upload(Client(), mailbox_token, png(), "../../report.pdf")
    assert response.status_code == 201
    assert response.json()["media_type"] == "image/png"
    item = EvidenceItem.objects.get()
    assert item.display_name == "report.pdf"
    assert all("report" not in name for name in stored_files(vault))


def test_a_whatsapp_export_is_accepted(mailbox_token):
    response = api_upload(Client(), mailbox_token, whatsapp_zip(), "WhatsApp Chat.zip")
    assert response.status_code == 201
    item = EvidenceItem.objects.get()
    assert item.kind == "chat_export" and item.platform == "whatsapp"


def test_an_empty_file_is_refused(mailbox_token, vault):
    response = api_upload(Client(), mailbox_token, b"", "empty.txt")
    assert response.status_code == 422
    assert stored_files(vault) == []
