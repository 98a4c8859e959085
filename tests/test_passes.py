"""The side-by-side passes of `make test` leave out only what the other pass runs
(tests/passes.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.engine_neutral("sqlite")

ROOT = Path(__file__).resolve().parents[1]
NEUTRAL_ON_POSTGRESQL = "tests/server/test_slow_clients.py"


def collect(path: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RELAIS_")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", path],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_the_sqlite_pass_leaves_the_postgresql_pass_its_engine_neutral_tests():
    alone = collect(NEUTRAL_ON_POSTGRESQL)
    side_by_side = collect(NEUTRAL_ON_POSTGRESQL, RELAIS_TEST_PASS="sqlite")

    assert alone.returncode == 0, alone.stdout + alone.stderr
    assert "tests collected" in alone.stdout and "deselected" not in alone.stdout
    assert side_by_side.returncode == 5, side_by_side.stdout  # pytest: no test left to run
    assert "deselected" in side_by_side.stdout


def test_a_pass_that_names_the_other_engine_stops_before_running_anything():
    wrong = collect(NEUTRAL_ON_POSTGRESQL, RELAIS_TEST_PASS="postgresql")

    assert wrong.returncode == 4, wrong.stdout  # a usage error
    assert "RELAIS_TEST_PASS=postgresql but the database is sqlite" in wrong.stderr
