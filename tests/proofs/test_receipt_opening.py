"""The owner's receipt of a document carries its opening, so that `relais verify RECEIPT --file
DOCUMENT` shows that this log entry is this very file; and the PDF receipt carries its JSON, so
that `relais verify receipt.pdf` checks it as it is."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from django.test import Client
from django.urls import reverse

from relais.documents.services import generate_document
from relais.evidence.services import plaintext
from relais.mailbox.services import COOKIE, open_mailbox
from relais.proofs.receipts import receipt_for
from relais.proofs.services import sequence_and_sign
from tests.documents.conftest import add_item, jpeg
from tests.evidence.conftest import vault  # noqa: F401  (autouse: a temporary vault)

pytestmark = pytest.mark.engine_neutral("sqlite")

RELAIS = str(Path(__file__).resolve().parents[2] / ".venv" / "bin" / "relais")


def verify(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([RELAIS, "verify", *args], capture_output=True, text=True, check=False)


@pytest.fixture
def mailbox_client(submitted) -> Client:
    """The reporter, the owner of the alert's events, in their mailbox."""
    token, _alert = open_mailbox(receipt=submitted.receipt)
    client = Client()
    client.cookies[COOKIE] = token
    return client


@pytest.fixture
def document(submitted):
    return generate_document(
        alert=submitted.alert, kind="police_summary", options={}, actor=None, actor_kind="reporter"
    )


@pytest.fixture
def files(document, mailbox_client, tmp_path) -> dict[str, Path]:
    pdf = tmp_path / "document.pdf"
    pdf.write_bytes(b"".join(plaintext(document)))
    receipt = tmp_path / "receipt.json"
    response = mailbox_client.get(reverse("public:document_receipt", args=[document.pk]))
    assert response.status_code == 200
    receipt.write_bytes(response.content)
    return {"pdf": pdf, "receipt": receipt}


def test_the_owner_receipt_opens_to_the_document_digest(files, document):
    receipt = json.loads(files["receipt"].read_bytes())
    assert receipt["opening"]["payload"]["sha256"] == document.sha256
    assert (
        receipt["opening"]["payload"]["sha256"]
        == hashlib.sha256(files["pdf"].read_bytes()).hexdigest()
    )


def test_relais_verify_accepts_the_document_it_names(files):
    done = verify(str(files["receipt"]), "--file", str(files["pdf"]))
    assert done.returncode == 0, done.stderr
    assert "is the file" in done.stdout


def test_relais_verify_refuses_another_file_with_the_reason(files, tmp_path):
    other = tmp_path / "other.pdf"
    other.write_bytes(jpeg())
    done = verify(str(files["receipt"]), "--file", str(other))
    assert done.returncode == 1
    assert "not the file" in done.stderr


def test_a_tampered_opening_is_refused(files):
    receipt = json.loads(files["receipt"].read_bytes())
    receipt["opening"]["payload"]["size"] += 1
    files["receipt"].write_text(json.dumps(receipt))
    done = verify(str(files["receipt"]))
    assert done.returncode == 1
    assert "opening" in done.stderr


def test_the_public_receipt_holds_no_opening(document):
    assert "opening" not in receipt_for(document.proof_entry)


def test_the_pdf_receipt_verifies_as_it_is(mailbox_client, submitted, tmp_path):
    """Before the signer merged the entry, the PDF carries its PROMISE; after, its RECEIPT."""
    for embedded, said in (("promise.json", "VALID promise"), ("receipt.json", "VALID receipt")):
        response = mailbox_client.get(reverse("public:mailbox_proof_pdf", args=[1]))
        assert response.status_code == 200
        path = tmp_path / "proof.pdf"
        path.write_bytes(response.content)
        done = verify(str(path))
        assert done.returncode == 0, done.stderr
        assert said in done.stdout
        pdf = pikepdf.open(path)
        assert pdf.open_metadata().pdfa_status == "3B"
        assert list(pdf.attachments) == [embedded]
        attached = json.loads(pdf.attachments[embedded].get_file().read_bytes())
        assert attached["entry"]["kind"] == "alert.received"
        sequence_and_sign()
    assert attached["leaf_index"] >= 0


def test_an_evidence_receipt_opens_to_the_item_it_sealed(mailbox_client, submitted, tmp_path):
    content = jpeg()
    add_item(submitted.alert, content, "capture.jpg")
    numbers = {1: "alert.received", 2: "evidence.sealed"}
    response = mailbox_client.get(reverse("public:mailbox_proof_json", args=[2]))
    receipt = json.loads(response.content)
    assert receipt["entry"]["kind"] == numbers[2]
    path = tmp_path / "receipt-2.json"
    path.write_bytes(response.content)
    original = tmp_path / "capture.jpg"
    original.write_bytes(content)
    done = verify(str(path), "--file", str(original))
    assert done.returncode == 0, done.stderr
    assert "is the file" in done.stdout
    alert_receipt = json.loads(
        mailbox_client.get(reverse("public:mailbox_proof_json", args=[1])).content
    )
    assert "opening" not in alert_receipt  # no payload Relais can rebuild: no opening


def test_the_pdf_receipt_of_an_item_is_one_page_and_checks_the_file(
    mailbox_client, submitted, tmp_path
):
    content = jpeg()
    add_item(submitted.alert, content, "capture.jpg")
    response = mailbox_client.get(reverse("public:mailbox_proof_pdf", args=[2]))
    path = tmp_path / "receipt-2.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert hashlib.sha256(content).hexdigest() in "".join(text.split())
    original = tmp_path / "capture.jpg"
    original.write_bytes(content)
    done = verify(str(path), "--file", str(original))
    assert done.returncode == 0, done.stderr
    other = tmp_path / "other.jpg"
    other.write_bytes(jpeg((1, 2, 3)))
    done = verify(str(path), "--file", str(other))
    assert done.returncode == 1
    assert "not the file" in done.stderr
