"""Fixtures for the vault: a fresh local vault per test, sample files, upload helpers."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.test import Client
from PIL import Image, TiffImagePlugin

from relais.mailbox.services import COOKIE, open_mailbox

VAULT_KEY = "11" * 32


@pytest.fixture(autouse=True)
def vault(settings, tmp_path):
    """The "evidence" storage in a temporary folder, and a known vault key."""
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "vault")},
        },
    }
    settings.VAULT_KEY = VAULT_KEY
    settings.VAULT_OLD_KEYS = []
    return storages["evidence"]


def stored_files(storage) -> list[str]:
    """Every name in the vault storage, recursively."""
    found: list[str] = []

    def walk(prefix: str) -> None:
        try:
            dirs, files = storage.listdir(prefix)
        except FileNotFoundError:
            return
        found.extend(f"{prefix}{name}" for name in files)
        for directory in dirs:
            walk(f"{prefix}{directory}/")

    walk("")
    return sorted(found)


def every_folder(storage) -> list[str]:
    """Every folder under a local vault, recursively (the shared `pending`, `vault`, `copies`
    folders included)."""
    root = Path(storage.path(""))
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir())


def _rational(value: float) -> TiffImagePlugin.IFDRational:
    return TiffImagePlugin.IFDRational(round(value * 10000), 10000)


def jpeg_with_gps(size: tuple[int, int] = (64, 48)) -> bytes:
    """A JPEG whose EXIF says where (Mouscron), when and with what it was taken."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Fairphone"
    exif[0x0110] = "FP5"
    exif[0x0132] = "2025:03:14 16:20:00"
    exif.get_ifd(0x8769)[0x9003] = "2025:03:14 16:19:58"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (_rational(50), _rational(44), _rational(40.5))
    gps[3] = "E"
    gps[4] = (_rational(3), _rational(12), _rational(36))
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"secret comment")
    return out.getvalue()


def png(size: tuple[int, int] = (20, 10)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (0, 0, 255, 128)).save(out, "PNG")
    return out.getvalue()


def whatsapp_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "_chat.txt", "[14/03/2025, 16:20:00] Léo: t'es nul\n[14/03/2025, 16:21:00] Max: ok\n"
        )
        archive.writestr("IMG-20250314-WA0001.jpg", jpeg_with_gps())
    return out.getvalue()


def random_bytes(size: int) -> bytes:
    return os.urandom(size)


def pdf(padding: int = 0) -> bytes:
    """A whole one-page PDF that pdfinfo opens; `padding` random bytes in a stream of their own
    make it as large as a test needs."""
    drawing = b"0 0 m 100 100 l S"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(drawing), drawing),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (padding, random_bytes(padding)),
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def sized_pdf(size: int) -> bytes:
    """A whole PDF of exactly `size` bytes (at least 600)."""
    # The numbers written in it grow by a few digits with the padding; blank lines after the
    # end make up the difference, as some generators leave.
    data = pdf(size - len(pdf(0)) - 16)
    return data + b"\n" * (size - len(data))


@pytest.fixture
def mailbox_client(submitted) -> Client:
    """A browser with the reporter's mailbox open (the cookie only, as after the receipt form)."""
    token, _alert = open_mailbox(receipt=submitted.receipt)
    client = Client(enforce_csrf_checks=False)
    client.cookies[COOKIE] = token
    return client


@pytest.fixture
def mailbox_token(submitted) -> str:
    token, _alert = open_mailbox(receipt=submitted.receipt)
    return token


def api_upload(client: Client, token: str, content: bytes, name: str = "capture.jpg", **fields):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(
        "/api/v1/mailbox/evidence",
        {"file": upload, **fields},
        headers={"Authorization": f"Bearer {token}"},
    )


def data_path(name: str) -> Path:
    return Path(__file__).parent / "data" / name
