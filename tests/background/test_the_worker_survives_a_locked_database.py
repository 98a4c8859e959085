"""The worker of `make run` survives a database that is locked for a while.

Seen under load: a long chat import held SQLite's write lock past the busy timeout, and the
outbox loop of the time died on "database is locked"; nothing restarted it, so notices,
reminders and deadlines stopped without a word. A scratch SQLite install, the real command, and
another connection that holds the write lock longer than the worker waits.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from tests.background.conftest import RELAIS, ROOT, wait_until

SIGNED = (
    "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult"
    " WHERE task_path = 'relais.proofs.tasks.sign_tree_head' AND status = 'SUCCESSFUL'"
)


def test_the_worker_goes_on_after_the_lock_is_released(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELAIS_")}  # SQLite
    env.update(
        RELAIS_DATA_DIR=str(tmp_path / "data"),
        RELAIS_SQLITE_TIMEOUT="1",
        RELAIS_PROOFS_SIGN_INTERVAL="1",
        DJANGO_SETTINGS_MODULE="relais.settings",
    )
    subprocess.run([RELAIS, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    database = tmp_path / "data" / "relais.sqlite3"
    log = tmp_path / "worker.log"

    def signed() -> int:
        with sqlite3.connect(database, timeout=30) as db:
            return int(db.execute(SIGNED).fetchone()[0])

    with log.open("wb") as out:
        worker = subprocess.Popen(
            [RELAIS, "worker"], env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        wait_until(lambda: signed() >= 1, "the worker signs", logs=log.read_text)
        lock = sqlite3.connect(database, isolation_level=None)
        lock.execute("BEGIN EXCLUSIVE")  # every writer of the worker now waits, then fails
        wait_until(lambda: "round failed" in log.read_text(), "rounds fail", logs=log.read_text)
        lock.execute("ROLLBACK")
        lock.close()
        before = signed()
        wait_until(lambda: signed() > before, "the worker signs again", logs=log.read_text)
        assert worker.poll() is None, log.read_text()
    finally:
        worker.terminate()
        worker.wait(timeout=60)
