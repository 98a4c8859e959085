"""Tree heads get RFC 3161 tokens from the configured authority, checked by the project and by
relais verify; an authority that is down, failing or slow blocks no one, and the token comes
later when it answers again."""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509

from relais.proofs.models import TreeHead
from relais.proofs.receipts import receipt_file, receipt_for
from relais.proofs.services import append, sequence_and_sign, stamp_pending, tree_head_tbs
from relais.proofs.tsa import TokenError, verify_token

RELAIS = str(Path(sys.executable).parent / "relais")


def _entry():
    return append(kind="alert.received", payload={"what": "anything"})


def test_each_new_tree_head_gets_a_token_the_project_verifies(local_tsa, db):
    _entry()
    first = sequence_and_sign()
    _entry()
    second = sequence_and_sign()
    assert stamp_pending() == 2
    ca = x509.load_pem_x509_certificate(local_tsa.ca.read_bytes())
    for head in (first, second):
        head.refresh_from_db()
        token = base64.b64decode(head.timestamp_token)
        info = verify_token(token, tree_head_tbs(head), roots=[ca])
        assert info.authority == "CN=Relais Test TSA"
        with pytest.raises(TokenError):
            verify_token(token, tree_head_tbs(head) + b" ")


def test_relais_verify_checks_the_token_and_names_the_authority(local_tsa, db, tmp_path):
    entry = _entry()
    sequence_and_sign()
    stamp_pending()
    path = tmp_path / "receipt.json"
    path.write_bytes(receipt_file(receipt_for(entry)))
    done = subprocess.run([RELAIS, "verify", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "CN=Relais Test TSA" in done.stdout
    pinned = [RELAIS, "verify", "--tsa-ca", str(local_tsa.ca), str(path)]
    assert subprocess.run(pinned, capture_output=True).returncode == 0


def test_relais_verify_refuses_a_token_that_does_not_chain_to_the_pinned_root(
    local_tsa, db, tmp_path
):
    entry = _entry()
    sequence_and_sign()
    stamp_pending()
    path = tmp_path / "receipt.json"
    path.write_bytes(receipt_file(receipt_for(entry)))
    other_ca = tmp_path / "other.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-keyout", str(tmp_path / "k.pem"), "-out", str(other_ca),
         "-subj", "/CN=Relais Test Root", "-days", "30"],
        check=True, capture_output=True,
    )  # fmt: skip
    done = subprocess.run(
        [RELAIS, "verify", "--tsa-ca", str(other_ca), str(path)], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "INVALID" in done.stderr


def test_an_authority_that_is_down_blocks_nothing_and_the_token_comes_later(
    local_tsa, closed_port_url, settings, db
):
    settings.PROOFS_TSA_URLS = [closed_port_url]
    entry = _entry()
    receipt = receipt_for(entry)  # signs on demand; never calls the authority
    assert "timestamp_token" not in receipt["tree_head"]
    assert stamp_pending() == 0
    settings.PROOFS_TSA_URLS = [local_tsa.url]
    assert stamp_pending() == 1
    later = receipt_for(entry)
    assert later["tree_head"]["tree_size"] == receipt["tree_head"]["tree_size"]
    assert "timestamp_token" in later["tree_head"]


def test_a_slow_or_failing_authority_is_never_asked_during_a_request(local_tsa, db):
    local_tsa.mode = "slow"
    entry = _entry()
    receipt = receipt_for(entry)
    assert local_tsa.requests == 0
    assert "timestamp_token" not in receipt["tree_head"]
    assert stamp_pending() == 0  # timed out: the head keeps no token for now
    local_tsa.mode = "error"
    assert stamp_pending() == 0
    local_tsa.mode = "ok"
    assert stamp_pending() == 1
    assert "timestamp_token" in receipt_for(entry)["tree_head"]


def test_the_second_authority_is_asked_when_the_first_fails(
    local_tsa, closed_port_url, settings, db
):
    settings.PROOFS_TSA_URLS = [closed_port_url, local_tsa.url]
    _entry()
    sequence_and_sign()
    assert stamp_pending() == 1
    assert TreeHead.objects.exclude(timestamp_token="").count() == 1
