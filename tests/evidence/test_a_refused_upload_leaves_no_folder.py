"""A refused upload leaves nothing in the vault's folder: no file and no empty folder of its
own, whichever check refused it and when (while it streamed, or once it was whole). Only the
shared folders (`pending`, `vault`) stay, empty."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client

from relais.evidence.models import EvidenceItem
from tests.evidence.conftest import (
    api_upload,
    every_folder,
    pdf,
    png,
    random_bytes,
    stored_files,
)


def _zip_that_is_no_chat() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello " * 2000)
    return out.getvalue()


CASES = [
    ("a zip that is no chat export", _zip_that_is_no_chat(), "a.zip", 415),
    ("text with a NUL byte far in", b"a line of text\n" * 1000 + b"\x00", "a.txt", 415),
    ("a file over the size limit", b"%PDF-1.7\n" + random_bytes(300_000), "a.pdf", 413),
    ("a truncated PDF", pdf(50_000)[:30_000], "a.pdf", 422),
    ("a truncated PNG", png((300, 300))[:200], "a.png", 422),
]


@pytest.mark.parametrize(
    ("case", "data", "name", "status"), CASES, ids=[case for case, *_rest in CASES]
)
def test_a_refused_upload_leaves_no_folder(
    mailbox_token, vault, settings, case, data, name, status
):
    settings.EVIDENCE_MAX_BYTES = 200_000
    response = api_upload(Client(), mailbox_token, data, name)
    assert response.status_code == status, response.content[:300]
    assert EvidenceItem.objects.count() == 0
    assert stored_files(vault) == []
    assert set(every_folder(vault)) <= {"pending", "vault"}


def test_a_refused_file_among_several_leaves_no_folder(mailbox_client, vault):
    good, bad = io.BytesIO(png()), io.BytesIO(pdf(10_000)[:5_000])
    good.name, bad.name = "good.png", "bad.pdf"
    response = mailbox_client.post("/my/files/add/", {"file": [good, bad]})
    assert response.status_code == 200
    item = EvidenceItem.objects.get()
    folders = {folder for folder in every_folder(vault) if str(item.pk) not in folder}
    assert folders <= {"pending", "vault", "copies"}
