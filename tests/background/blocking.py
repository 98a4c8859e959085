"""A task the tests control: it writes "start PID" to a log, waits until a file appears, writes
"done PID". A worker can be killed while it waits, and the file lets the next run finish."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django_tasks import task

LONGEST = 120.0  # a test that forgets the file does not leave a worker waiting for ever


@task()
def wait_for_file(folder: str) -> str:
    log = Path(folder) / "runs.log"
    with log.open("a") as out:
        out.write(f"start {os.getpid()}\n")
    deadline = time.monotonic() + LONGEST
    while not (Path(folder) / "go").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("the test never let the task finish")
        time.sleep(0.05)
    with log.open("a") as out:
        out.write(f"done {os.getpid()}\n")
    return "done"
