"""relais verify works where there is no database at all, and the verifier needs no Django."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from relais.proofs.receipts import receipt_file, receipt_for
from relais.proofs.services import append

BIN = Path(sys.executable).parent


def _receipt_path(tmp_path: Path) -> Path:
    path = tmp_path / "receipt.json"
    path.write_bytes(receipt_file(receipt_for(append(kind="alert.received", payload=b"x"))))
    return path


def test_relais_verify_runs_without_any_database(db, tmp_path):
    path = _receipt_path(tmp_path)
    empty = tmp_path / "data"
    environment = {
        **os.environ,
        "RELAIS_DATA_DIR": str(empty),
        # A server where nothing listens: any attempt to use the database would fail.
        "RELAIS_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
    }
    done = subprocess.run(
        [str(BIN / "relais"), "verify", str(path)], capture_output=True, text=True, env=environment
    )
    assert done.returncode == 0, done.stderr
    assert "VALID" in done.stdout
    sqlite_default = {**environment, "RELAIS_DATABASE_URL": ""}
    done = subprocess.run(
        [str(BIN / "relais"), "verify", str(path)], capture_output=True, env=sqlite_default
    )
    assert done.returncode == 0
    assert not (empty / "relais.sqlite3").exists()


def test_the_verifier_runs_as_a_plain_python_module(db, tmp_path):
    path = _receipt_path(tmp_path)
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, "-m", "relais.proofs.verify", str(path)],
        capture_output=True,
        text=True,
        env=environment,
    )
    assert done.returncode == 0, done.stderr
    assert "VALID" in done.stdout
