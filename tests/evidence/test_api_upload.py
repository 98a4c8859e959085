"""POST /api/v1/mailbox/evidence: 201 with the digest and a proof receipt that `relais verify`
accepts; the proof log holds the digest only, linked to the alert for the mailbox."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from django.test import Client

from relais.audit.models import AuditEvent
from relais.evidence.models import EvidenceItem
from relais.proofs.receipts import receipt_file
from tests.evidence.conftest import api_upload, jpeg_with_gps

RELAIS = str(Path(sys.executable).parent / "relais")


def test_an_upload_answers_201_with_its_digest_and_receipt(mailbox_token, submitted, tmp_path):
    data = jpeg_with_gps()
    response = api_upload(
        Client(),
        mailbox_token,
        data,
        occurred_at="2025-03-14T16:20",
        platform="instagram",
        note="Story publiée puis effacée",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"id", "sha256", "size", "media_type", "proof"}
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    assert body["size"] == len(data) and body["media_type"] == "image/jpeg"
    assert body["proof"]["entry"]["kind"] == "evidence.sealed"
    item = EvidenceItem.objects.get(pk=body["id"])
    assert item.alert == submitted.alert and item.platform == "instagram"
    assert item.occurred_at.date().isoformat() == "2025-03-14"
    assert item.proof_entry.alert_id == submitted.alert.pk
    event = AuditEvent.objects.get(action="evidence.sealed")
    assert event.actor_kind == "reporter" and "capture" not in json.dumps(event.details)

    path = tmp_path / "receipt.json"
    path.write_bytes(receipt_file(body["proof"]))
    done = subprocess.run([RELAIS, "verify", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_without_a_mailbox_token_the_answer_is_401(db):
    response = api_upload(Client(), "not-a-token", jpeg_with_gps())
    assert response.status_code == 401
    assert EvidenceItem.objects.count() == 0


def test_a_bad_field_is_422_and_keeps_nothing(mailbox_token, vault):
    from tests.evidence.conftest import stored_files

    response = api_upload(Client(), mailbox_token, jpeg_with_gps(), platform="myspace")
    assert response.status_code == 422
    assert "platform" in response.json()["errors"]
    assert EvidenceItem.objects.count() == 0
    assert stored_files(vault) == []


def test_a_request_without_a_file_is_422(mailbox_token):
    response = Client().post(
        "/api/v1/mailbox/evidence",
        {"note": "rien"},
        headers={"Authorization": f"Bearer {mailbox_token}"},
    )
    assert response.status_code == 422
    assert response.json()["detail"]
