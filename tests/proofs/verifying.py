"""What the receipt and promise tests share: `relais verify` run as a verifier runs it, a proof
written to a file, and the check that changing any byte of that file makes it invalid."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

from relais.proofs.receipts import receipt_file
from relais.proofs.verify import check_file

RELAIS = str(Path(sys.executable).parent / "relais")


def verify(*args: str) -> subprocess.CompletedProcess[str]:
    """`relais verify ARGS`, in a process of its own."""
    return subprocess.run([RELAIS, "verify", *args], capture_output=True, text=True, check=False)


def saved(proof: dict[str, Any], path: Path) -> Path:
    """The proof as it is downloaded, written to `path`."""
    path.write_bytes(receipt_file(proof))
    return path


def altered(proof: dict[str, Any]) -> dict[str, Any]:
    """A copy to change: the fixture's proof stays as it was."""
    return copy.deepcopy(proof)


def another_digit(value: str) -> str:
    """`value` with its last-but-one character changed ("0", or "1" where it was "0"): still
    well-formed hex or time, so that only the check of what it means can refuse it."""
    return value[:-2] + ("0" if value[-2] != "0" else "1") + value[-1]


def assert_every_byte_matters(proof: dict[str, Any], path: Path) -> None:
    """Each byte of the proof's file, changed by one bit (0x01) or by the bit that turns case and
    punctuation (0x20), makes check_file refuse the file with a reason."""
    original = receipt_file(proof)
    for position in range(len(original)):
        for change in (0x01, 0x20):
            changed = bytearray(original)
            changed[position] ^= change
            path.write_bytes(bytes(changed))
            code, text = check_file(str(path))
            assert code == 1, f"byte {position} ^ {change:#x} still verifies: {text}"
            assert text.startswith("INVALID: ")
