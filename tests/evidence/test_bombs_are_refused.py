"""Decompression bombs are refused with 422 and leave nothing: no item, no blob, no marker."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from django.test import Client

from relais.evidence.models import EvidenceItem
from tests.evidence.conftest import api_upload, stored_files


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """1 GiB of zeros, deflated to about a megabyte, in a zip that looks like a chat export."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("_chat.txt", "[14/03/2025, 16:20:00] Léo: salut\n")
        zeros = bytes(1024 * 1024)
        with archive.open("zeros.txt", "w", force_zip64=True) as member:
            for _ in range(1024):
                member.write(zeros)
    return out.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def pixel_bomb() -> bytes:
    """A small PNG whose header claims 100 000 x 100 000 pixels."""
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1000)
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            _png_chunk(b"IHDR", header),
            _png_chunk(b"IDAT", pixels),
            _png_chunk(b"IEND", b""),
        ]
    )


def nested_zip() -> bytes:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("a.txt", "x")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("_chat.txt", "[14/03/2025, 16:20:00] Léo: salut\n")
        archive.writestr("attachment.dat", inner.getvalue())
    return out.getvalue()


def traversal_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("_chat.txt", "[14/03/2025, 16:20:00] Léo: salut\n")
        archive.writestr("../../etc/cron.d/evil", "* * * * * root true\n")
    return out.getvalue()


def _refused(response, status, vault) -> None:
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    assert EvidenceItem.objects.count() == 0
    assert stored_files(vault) == []


def test_a_zip_bomb_is_refused(zip_bomb, mailbox_token, vault):
    assert len(zip_bomb) < 5 * 1024 * 1024
    _refused(api_upload(Client(), mailbox_token, zip_bomb, "chat.zip"), 422, vault)


def test_a_pixel_bomb_is_refused(mailbox_token, vault):
    _refused(api_upload(Client(), mailbox_token, pixel_bomb(), "small.png"), 422, vault)


def test_an_image_over_the_pixel_limit_is_refused(mailbox_token, vault, settings):
    from tests.evidence.conftest import png

    settings.EVIDENCE_MAX_PIXELS = 100
    _refused(api_upload(Client(), mailbox_token, png((20, 10)), "a.png"), 422, vault)


def test_a_zip_inside_the_export_is_refused(mailbox_token, vault):
    _refused(api_upload(Client(), mailbox_token, nested_zip(), "chat.zip"), 422, vault)


def test_a_zip_reaching_outside_its_folder_is_refused(mailbox_token, vault):
    _refused(api_upload(Client(), mailbox_token, traversal_zip(), "chat.zip"), 422, vault)


def test_the_reporter_reads_why_in_the_mailbox(mailbox_client, vault):
    upload = io.BytesIO(pixel_bomb())
    upload.name = "photo.png"
    response = mailbox_client.post("/my/files/add/", {"file": upload})
    assert response.status_code == 422
    assert 'href="/my/files/"' in response.content.decode()
    assert EvidenceItem.objects.count() == 0
    assert stored_files(vault) == []
