"""The outbox worker of `make run` survives a database that is locked for a while.

Seen under load: a long chat import held SQLite's write lock past the busy timeout, and
`relais send_outbox --loop-seconds 5` died on "database is locked"; nothing restarted it, so
notices, reminders and deadlines stopped without a word. A scratch SQLite install, the real
command, and another connection that holds the write lock longer than the command waits.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def test_the_loop_goes_on_after_the_lock_is_released(tmp_path):
    env = dict(os.environ)
    env.pop("RELAIS_DATABASE_URL", None)  # SQLite, as `make run` ships
    env.update(RELAIS_DATA_DIR=str(tmp_path / "data"), RELAIS_SQLITE_TIMEOUT="1")
    relais = str(BIN / "relais")
    subprocess.run([relais, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    log = tmp_path / "outbox.log"
    with open(log, "wb") as out:
        worker = subprocess.Popen(
            [relais, "send_outbox", "--loop-seconds", "0.2"],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        time.sleep(3)  # Django loaded, a few rounds done
        assert worker.poll() is None, log.read_text()
        lock = sqlite3.connect(tmp_path / "data" / "relais.sqlite3", isolation_level=None)
        lock.execute("BEGIN EXCLUSIVE")  # every writer and reader of the worker now waits
        time.sleep(4)  # longer than RELAIS_SQLITE_TIMEOUT: the worker's rounds fail
        lock.execute("ROLLBACK")
        lock.close()
        time.sleep(3)  # rounds after the lock
        assert worker.poll() is None, log.read_text()
        assert "outbox round failed" in log.read_text()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
