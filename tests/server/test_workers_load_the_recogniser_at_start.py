"""The name recogniser is loaded when a web worker starts, not by the first notice page (a case
worker's first notice page waited 40 s for it on a loaded machine).

Run in a new process: in the test process another test may have loaded it already."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.engine_neutral("sqlite")

SCRIPT = """
import threading
import django
django.setup()
from relais import gunicorn_conf
from relais.notices import ner
assert not ner.is_loaded()
gunicorn_conf.post_worker_init(None)
for thread in threading.enumerate():
    if thread.name == "ner-preload":
        thread.join()
print("loaded" if ner.is_loaded() else "not loaded")
"""


def test_a_starting_worker_loads_the_recogniser() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "loaded"
