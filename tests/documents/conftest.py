"""Fixtures for documents: a fresh vault per test, items sealed through the real intake path,
and pdftotext / pikepdf readers (real tools, no mocks)."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import datetime

import pikepdf
import pytest
from django.test import Client
from django.utils import timezone
from PIL import Image

from relais.evidence.intake import Intake
from relais.evidence.services import seal_evidence
from relais.mailbox.services import COOKIE, open_mailbox
from relais.proofs.services import sequence_and_sign

# The vault in a temporary folder with a known key, as for the evidence tests (autouse).
from tests.evidence.conftest import VAULT_KEY, jpeg_with_gps, vault  # noqa: F401


def jpeg(color: tuple[int, int, int] = (10, 120, 200), size: tuple[int, int] = (80, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()


def add_item(
    alert, content: bytes, name: str = "capture.jpg", *, day: int = 1, staff=None, **fields
):
    """Seal a file into the alert's vault the way an upload does."""
    intake = Intake(max_bytes=10**9)
    intake.feed(content)
    blob = intake.finish(display_name=name)
    occurred = timezone.make_aware(datetime(2025, 3, day, 16, 20))
    return seal_evidence(alert=alert, blob=blob, occurred_at=occurred, staff=staff, **fields)


@pytest.fixture
def items(submitted):
    """Three items on alice's alert: a photo with GPS, a plain screenshot, a text file."""
    alert = submitted.alert
    return [
        add_item(alert, jpeg_with_gps((120, 90)), "photo.jpg", day=3, platform="instagram"),
        add_item(alert, jpeg(), "capture.jpg", day=1, platform="whatsapp"),
        add_item(alert, "Léo: t'es nul\n".encode(), "notes.txt", day=2),
    ]


def pdf_text(data: bytes) -> str:
    """pdftotext (poppler) of a PDF, with runs of white space folded to one space."""
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return re.sub(r"\s+", " ", done.stdout.decode("utf-8"))


def open_pdf(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


def signed():
    """Sequence and sign what was appended, as the signer loop would."""
    sequence_and_sign()


@pytest.fixture
def mailbox_client(submitted) -> Client:
    token, _alert = open_mailbox(receipt=submitted.receipt)
    client = Client()
    client.cookies[COOKIE] = token
    return client


@pytest.fixture
def mailbox_token(submitted) -> str:
    token, _alert = open_mailbox(receipt=submitted.receipt)
    return token
