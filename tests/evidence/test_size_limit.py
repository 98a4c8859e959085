"""Over the size limit: 413 with the limit in words, nothing kept; refused before reading when
the Content-Length says so, and as the bytes arrive otherwise."""

from __future__ import annotations

import io

from django.test import Client

from relais.evidence.models import EvidenceItem
from tests.evidence.conftest import api_upload, random_bytes, sized_pdf, stored_files

TEXT = b"Les messages recus ce soir-la.\n"


def test_a_body_announced_too_large_is_refused_before_reading(mailbox_token, settings, vault):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    response = api_upload(Client(), mailbox_token, TEXT * 60000, "chat.txt")
    assert response.status_code == 413
    assert response.json()["detail"]
    assert stored_files(vault) == []


def test_a_file_over_the_limit_is_stopped_as_it_arrives(mailbox_token, settings, vault):
    settings.EVIDENCE_MAX_BYTES = 100 * 1024  # the body (~200 KB) passes the Content-Length check
    response = api_upload(Client(), mailbox_token, b"%PDF-1.7\n" + random_bytes(200_000))
    assert response.status_code == 413
    assert EvidenceItem.objects.count() == 0
    assert stored_files(vault) == []


def test_a_file_at_the_limit_is_accepted(mailbox_token, settings):
    settings.EVIDENCE_MAX_BYTES = 100 * 1024
    data = sized_pdf(100 * 1024)
    assert api_upload(Client(), mailbox_token, data, "a.pdf").status_code == 201


def test_the_mailbox_form_answers_413_in_a_page(mailbox_client, settings, vault):
    settings.EVIDENCE_MAX_BYTES = 100 * 1024
    upload = io.BytesIO(b"%PDF-1.7\n" + random_bytes(200_000))
    upload.name = "big.pdf"
    response = mailbox_client.post("/my/files/add/", {"file": upload})
    assert response.status_code == 413
    assert 'href="/my/files/"' in response.content.decode()
    assert stored_files(vault) == []
