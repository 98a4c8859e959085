"""A receipt checks out with `relais verify`; changing any byte of it makes the check fail."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from relais.proofs.receipts import receipt_file, receipt_for
from relais.proofs.services import append, sequence_and_sign
from relais.proofs.verify import check_file

RELAIS = str(Path(sys.executable).parent / "relais")


@pytest.fixture
def receipt(db) -> dict:
    for number in range(5):
        append(kind="alert.received", payload={"n": number})
    sequence_and_sign()
    entry = append(kind="message.received", payload=b"hello")
    for number in range(3):
        append(kind="consent.changed", payload={"n": number})
    return receipt_for(entry)


def test_a_receipt_verifies_with_relais_verify(receipt, tmp_path):
    path = tmp_path / "receipt.json"
    path.write_bytes(receipt_file(receipt))
    done = subprocess.run([RELAIS, "verify", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "VALID" in done.stdout
    assert receipt["entry"]["digest"] in done.stdout
    assert f"key id is {receipt['tree_head']['key_id']}" in done.stdout


def test_changing_any_byte_of_a_receipt_makes_it_invalid(receipt, tmp_path):
    original = receipt_file(receipt)
    path = tmp_path / "receipt.json"
    for position in range(len(original)):
        for change in (0x01, 0x20):
            altered = bytearray(original)
            altered[position] ^= change
            path.write_bytes(bytes(altered))
            code, text = check_file(str(path))
            assert code == 1, f"byte {position} ^ {change:#x} still verifies: {text}"
            assert text.startswith("INVALID: ")


def test_relais_verify_exits_1_with_the_reason_for_an_altered_receipt(receipt, tmp_path):
    path = tmp_path / "receipt.json"
    for field in ("digest", "kind", "recorded_at"):
        altered = json.loads(json.dumps(receipt))
        value = altered["entry"][field]
        altered["entry"][field] = value[:-2] + ("0" if value[-2] != "0" else "1") + value[-1]
        path.write_bytes(receipt_file(altered))
        done = subprocess.run([RELAIS, "verify", str(path)], capture_output=True, text=True)
        assert done.returncode == 1, field
        assert done.stderr.startswith("INVALID: ")


def test_relais_verify_exits_1_for_a_file_that_is_not_a_receipt(tmp_path):
    path = tmp_path / "receipt.json"
    for content in (b"", b"not json", b"{}", b"[1, 2]", b"\xff\xfe"):
        path.write_bytes(content)
        done = subprocess.run([RELAIS, "verify", str(path)], capture_output=True, text=True)
        assert done.returncode == 1
        assert done.stderr.startswith("INVALID: ")
    done = subprocess.run([RELAIS, "verify", str(tmp_path / "missing.json")], capture_output=True)
    assert done.returncode == 1
