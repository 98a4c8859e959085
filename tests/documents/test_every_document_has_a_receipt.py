"""Each generated document appends a "document.generated" entry (the SHA-256 of the PDF, in a
salted digest) with an audit row, and its receipt passes `relais verify`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from relais.audit.models import AuditEvent
from relais.documents.forms import REQUIRED
from relais.documents.models import LETTER_KINDS
from relais.documents.services import generate_document
from relais.proofs.formats import event_digest
from relais.proofs.models import ProofEntry
from relais.proofs.receipts import entries_for_alert, receipt_file, receipt_for

RELAIS = str(Path(sys.executable).parent / "relais")


@pytest.mark.parametrize("kind", ["dossier", *LETTER_KINDS])
def test_a_generated_document_is_in_the_proof_log(submitted, items, kind):
    before = ProofEntry.objects.count()
    options = {name: "x" for name in REQUIRED.get(kind, ())}
    document = generate_document(
        alert=submitted.alert, kind=kind, options=options, actor=None, actor_kind="reporter"
    )
    assert ProofEntry.objects.count() == before + 1
    entry = document.proof_entry
    assert entry.kind == "document.generated"
    payload = {
        "alert": str(submitted.alert.pk),
        "document": str(document.pk),
        "kind": kind,
        "sha256": document.sha256,
        "size": document.size,
    }
    assert entry.digest == event_digest(bytes(entry.salt), payload)
    assert entry in entries_for_alert(submitted.alert)
    audit = AuditEvent.objects.get(action="document.generated", object_id=str(document.pk))
    assert audit.actor_kind == "reporter"
    assert audit.details["sha256"] == document.sha256


def test_the_receipt_of_a_document_verifies(submitted, items, tmp_path):
    document = generate_document(
        alert=submitted.alert, kind="dossier", options={}, actor=None, actor_kind="reporter"
    )
    receipt = receipt_for(document.proof_entry)
    path = tmp_path / "receipt.json"
    path.write_bytes(receipt_file(receipt))
    done = subprocess.run([RELAIS, "verify", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "VALID" in done.stdout
    assert json.loads(path.read_text())["entry"]["kind"] == "document.generated"
