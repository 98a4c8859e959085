"""`make run` announces the address gunicorn will listen on: RELAIS_BIND when it is set."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def announced(bind: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "RELAIS_BIND"}
    if bind is not None:
        env["RELAIS_BIND"] = bind
    # -n prints the recipe with make's variables expanded, without running anything.
    done = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    line = next(line for line in done.stdout.splitlines() if "Relais on" in line)
    found = re.search(r"Relais on (\S+)", line)
    assert found
    return found.group(1)


@pytest.mark.parametrize(
    ("bind", "url"),
    [
        (None, "http://127.0.0.1:8000"),
        ("127.0.0.1:8123", "http://127.0.0.1:8123"),
        ("0.0.0.0:9000", "http://0.0.0.0:9000"),
    ],
)
def test_make_run_announces_the_address_it_serves(bind, url):
    assert announced(bind) == url
