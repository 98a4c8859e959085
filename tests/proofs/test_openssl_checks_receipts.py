"""openssl alone checks a receipt's signature and time-stamp, with the commands of
docs/proofs.md (jq, base64 and openssl)."""

from __future__ import annotations

import json
import subprocess

import pytest

from relais.proofs.receipts import receipt_file, receipt_for
from relais.proofs.services import append, sequence_and_sign, stamp_pending
from tests.evidence.conftest import vault  # noqa: F401  (autouse: a temporary vault)

EXTRACT = """
f=receipt.json
jq -r .public_key $f > key.pem
jq -j '.tree_head|"relais-tree-head/v1 \\(.tree_size) \\(.root_hash) \\(.timestamp)"' $f > tbs.bin
jq -r .tree_head.signature $f | base64 -d > sig.bin
"""
CHECK_SIGNATURE = (
    "openssl pkeyutl -verify -rawin -pubin -inkey key.pem -in tbs.bin -sigfile sig.bin"
)
CHECK_TOKEN = """
jq -r .tree_head.timestamp_token receipt.json | base64 -d > token.der
openssl ts -verify -token_in -in token.der -data tbs.bin -CAfile {ca}
"""
LEAF_HASH = """
{ printf '\\0'
  jq -j '.entry|"relais-entry/v1 \\(.kind) \\(.digest) \\(.recorded_at)"' receipt.json
} | sha256sum
"""


def shell(script: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-ec", script], cwd=cwd, capture_output=True, text=True)


@pytest.fixture
def receipt(db) -> dict:
    entry = append(kind="alert.received", payload={"what": "anything"})
    append(kind="message.received", payload={"what": "more"})
    return receipt_for(entry)


def test_openssl_pkeyutl_checks_the_tree_head_signature(receipt, tmp_path):
    (tmp_path / "receipt.json").write_bytes(receipt_file(receipt))
    assert shell(EXTRACT, tmp_path).returncode == 0
    done = shell(CHECK_SIGNATURE, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Signature Verified Successfully" in done.stdout


def test_openssl_pkeyutl_refuses_a_changed_tree_head(receipt, tmp_path):
    altered = json.loads(json.dumps(receipt))
    altered["tree_head"]["tree_size"] += 1
    (tmp_path / "receipt.json").write_bytes(receipt_file(altered))
    assert shell(EXTRACT, tmp_path).returncode == 0
    done = shell(CHECK_SIGNATURE, tmp_path)
    assert done.returncode != 0
    assert "Signature Verification Failure" in done.stdout + done.stderr


def test_the_leaf_hash_can_be_recomputed_with_the_shell(receipt, tmp_path):
    (tmp_path / "receipt.json").write_bytes(receipt_file(receipt))
    done = shell(LEAF_HASH, tmp_path)
    from relais.proofs.models import ProofEntry

    entry = ProofEntry.objects.get(digest=receipt["entry"]["digest"])
    assert done.stdout.split()[0] == bytes(entry.leaf_hash).hex()


def test_openssl_ts_checks_the_time_stamp_token(local_tsa, tmp_path, db):
    entry = append(kind="alert.received", payload={"what": "anything"})
    sequence_and_sign()
    assert stamp_pending() == 1
    receipt = receipt_for(entry)
    assert "timestamp_token" in receipt["tree_head"]
    (tmp_path / "receipt.json").write_bytes(receipt_file(receipt))
    assert shell(EXTRACT, tmp_path).returncode == 0
    done = shell(CHECK_TOKEN.format(ca=local_tsa.ca), tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Verification: OK" in done.stdout
    (tmp_path / "tbs.bin").write_bytes(b"relais-tree-head/v1 other bytes")
    done = shell(CHECK_TOKEN.format(ca=local_tsa.ca), tmp_path)
    assert done.returncode != 0


OPENING = """
{ jq -r .opening.salt receipt.json | xxd -r -p; jq -cjS .opening.payload receipt.json; } \\
  | sha256sum | cut -d' ' -f1
jq -r .entry.digest receipt.json
jq -r .opening.payload.sha256 receipt.json
sha256sum document.pdf | cut -d' ' -f1
"""


def test_the_shell_checks_a_document_receipts_opening_and_file(submitted, tmp_path):
    """The owner's receipt of a document: its opening reproduces the digest and names the
    file, with jq, xxd and sha256sum alone (docs/proofs.md)."""
    from relais.documents.services import generate_document
    from relais.evidence.services import plaintext

    document = generate_document(
        alert=submitted.alert, kind="law_reminder", options={}, actor=None, actor_kind="reporter"
    )
    receipt = receipt_for(document.proof_entry, owner=True)
    (tmp_path / "receipt.json").write_bytes(receipt_file(receipt))
    (tmp_path / "document.pdf").write_bytes(b"".join(plaintext(document)))
    done = shell(OPENING, tmp_path)
    assert done.returncode == 0, done.stderr
    computed, digest, named, actual = done.stdout.split()
    assert computed == digest == receipt["entry"]["digest"]
    assert named == actual == document.sha256
