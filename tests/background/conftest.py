"""Real `relais worker` processes against the test database.

On PostgreSQL the processes open the test database itself (the tests use the transactional
database, so that they see committed rows). On SQLite pytest-django's test database lives in
memory, out of reach of another process: it is copied to a file before the workers start and
copied back after they stop, and `Workers.sql` reads that file while they run.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

# Fixtures of other parts, for the recurring jobs that serve them. The vault lives in a
# temporary folder for every test here (its fixture is autouse), since a clean-up job walks it.
from tests.evidence.conftest import mailbox_token, vault  # noqa: F401
from tests.notices.conftest import smtp, triaged  # noqa: F401
from tests.proofs.conftest import local_tsa, tsa_files  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
RELAIS = str(Path(sys.executable).parent / "relais")


def wait_until(check: Callable[[], Any], what: str, *, logs: Callable[[], str] = str) -> Any:
    """Poll `check` until it returns something true; a safety limit, not a measure of speed."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"never happened: {what}\n{logs()}")


class Workers:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.data = tmp / "data"
        self.data.mkdir(parents=True, exist_ok=True)
        self.sqlite = connection.vendor == "sqlite"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("RELAIS_")}
        self.env.update(
            DJANGO_SETTINGS_MODULE="relais.settings",
            PYTHONPATH=str(ROOT),  # the tests' own task module (tests/background/blocking.py)
            RELAIS_DATA_DIR=str(self.data),
            RELAIS_LOG_LEVEL="INFO",
        )
        if not self.sqlite:
            db = connection.settings_dict
            user, host = db.get("USER") or "postgres", db.get("HOST") or "127.0.0.1"
            port = db.get("PORT") or "5432"
            self.env["RELAIS_DATABASE_URL"] = f"postgresql://{user}@{host}:{port}/{db['NAME']}"
        self.processes: list[tuple[subprocess.Popen[bytes], Path]] = []
        self.pushed = False

    @property
    def db_file(self) -> Path:
        return self.data / "relais.sqlite3"

    def push(self) -> None:
        """SQLite: copy the test database to the file the workers open."""
        if self.sqlite and not self.pushed:
            connection.ensure_connection()
            target = sqlite3.connect(self.db_file)
            connection.connection.backup(target)
            target.close()
            self.pushed = True

    def pull(self) -> None:
        """SQLite: copy what the workers wrote back into the test database."""
        if self.sqlite and self.pushed:
            source = sqlite3.connect(self.db_file)
            source.backup(connection.connection)
            source.close()

    def start(self, *args: str, **env: str) -> subprocess.Popen[bytes]:
        self.push()
        log = self.tmp / f"worker-{len(self.processes)}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [RELAIS, "worker", *args],
                env={**self.env, **env},
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.processes.append((process, log))
        return process

    def logs(self) -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text()}" for _p, log in self.processes)

    def stop_all(self) -> None:
        for process, _log in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process, _log in self.processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def sql(self, query: str, *params: Any) -> list[tuple[Any, ...]]:
        """Read the database the workers use, while they run (`%s` placeholders)."""
        if self.sqlite:
            with sqlite3.connect(self.db_file, timeout=30) as db:
                return db.execute(query.replace("%s", "?"), params).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall()

    def execute(self, *statements: str) -> None:
        """Change the database the workers use (SQLite: after `push`, in the file they open)."""
        if self.sqlite:
            self.push()
            with sqlite3.connect(self.db_file, timeout=30) as db:
                for statement in statements:
                    db.execute(statement)
            return
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    def when(self, value: Any) -> datetime:
        """A datetime column as read by `sql`: aware, in UTC."""
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return value if value.tzinfo else value.replace(tzinfo=UTC)


@pytest.fixture
def workers(transactional_db: Any, tmp_path: Path) -> Iterator[Workers]:
    group = Workers(tmp_path)
    try:
        yield group
    finally:
        group.stop_all()
