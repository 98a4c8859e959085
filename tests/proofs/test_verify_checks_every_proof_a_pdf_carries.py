"""A PDF may carry several proofs (the school's receipt embeds the notice's and the
acknowledgment's): `relais verify` checks each, says what each proves, and fails when any fails,
whichever it is (issue #10: it read the first and said nothing of the others)."""

from __future__ import annotations

from pathlib import Path

import pytest

from relais.documents.pdf import Attached, render_pdf
from relais.proofs.receipts import receipt_file, receipt_for
from relais.proofs.services import append, sequence_and_sign
from tests.proofs.verifying import altered, another_digit, verify


@pytest.fixture
def receipts(db) -> list[dict]:
    entries = [append(kind=kind, payload={"n": 1}) for kind in ("notice.sent", "consent.changed")]
    sequence_and_sign()
    return [receipt_for(entry) for entry in entries]


def pdf_with(proofs: list[dict], path: Path) -> Path:
    files = [
        Attached(
            data=receipt_file(proof),
            name=f"proof-{number}.json",
            description="Relais proof receipt (JSON)",
            media_type="application/json",
        )
        for number, proof in enumerate(proofs, 1)
    ]
    path.write_bytes(render_pdf("<p>Deux reçus.</p>", attachments=files))
    return path


def broken(receipt: dict) -> dict:
    changed = altered(receipt)
    changed["entry"]["digest"] = another_digit(changed["entry"]["digest"])
    return changed


def test_each_proof_of_the_pdf_is_checked_and_reported(receipts, tmp_path):
    done = verify(str(pdf_with(receipts, tmp_path / "two.pdf")))

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("VALID: the 2 proofs this PDF carries all verify.")
    assert "Proof 1 of 2: VALID receipt." in done.stdout
    assert "Proof 2 of 2: VALID receipt." in done.stdout
    for receipt in receipts:
        assert receipt["entry"]["digest"] in done.stdout


@pytest.mark.parametrize("bad", [0, 1])
def test_any_proof_that_fails_makes_the_pdf_fail(receipts, tmp_path, bad):
    proofs = [broken(r) if number == bad else r for number, r in enumerate(receipts)]

    done = verify(str(pdf_with(proofs, tmp_path / "two.pdf")))

    assert done.returncode == 1
    assert done.stderr.startswith(f"INVALID: proof {bad + 1} of the 2 this PDF carries fails.")
    assert f"Proof {bad + 1} of 2: INVALID: " in done.stderr
    assert f"Proof {2 - bad} of 2: VALID receipt." in done.stderr


def test_a_pdf_of_one_proof_reads_as_that_proof(receipts, tmp_path):
    done = verify(str(pdf_with(receipts[:1], tmp_path / "one.pdf")))

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("VALID receipt.")
    assert "Proof 1" not in done.stdout
