"""A receipt checks out with `relais verify`; changing any byte of it makes the check fail."""

from __future__ import annotations

import pytest

from relais.proofs.receipts import receipt_for
from relais.proofs.services import append, sequence_and_sign
from tests.proofs.verifying import (
    altered,
    another_digit,
    assert_every_byte_matters,
    saved,
    verify,
)

pytestmark = pytest.mark.engine_neutral("postgresql")


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
    done = verify(str(saved(receipt, tmp_path / "receipt.json")))
    assert done.returncode == 0, done.stderr
    assert "VALID" in done.stdout
    assert receipt["entry"]["digest"] in done.stdout
    assert f"key id is {receipt['tree_head']['key_id']}" in done.stdout


def test_changing_any_byte_of_a_receipt_makes_it_invalid(receipt, tmp_path):
    assert_every_byte_matters(receipt, tmp_path / "receipt.json")


def test_relais_verify_exits_1_with_the_reason_for_an_altered_receipt(receipt, tmp_path):
    for field in ("digest", "kind", "recorded_at"):
        changed = altered(receipt)
        changed["entry"][field] = another_digit(changed["entry"][field])
        done = verify(str(saved(changed, tmp_path / "receipt.json")))
        assert done.returncode == 1, field
        assert done.stderr.startswith("INVALID: ")


def test_relais_verify_exits_1_for_a_file_that_is_not_a_receipt(tmp_path):
    path = tmp_path / "receipt.json"
    for content in (b"", b"not json", b"{}", b"[1, 2]", b"\xff\xfe"):
        path.write_bytes(content)
        done = verify(str(path))
        assert done.returncode == 1
        assert done.stderr.startswith("INVALID: ")
    done = verify(str(tmp_path / "missing.json"))
    assert done.returncode == 1
