"""A worker takes a task only while its heartbeat is on record and recent.

Seen in CI: a worker claimed a task before its clock wrote its first heartbeat and was killed
right then. With no heartbeat on record it looked like a plain `db_worker`, whose tasks are given
back only after an hour, so the task waited an hour instead of WORKER_LOST_SECONDS. The same
happens to a worker whose heartbeats stopped being written: the others delete its stale row.
Here the database refuses every heartbeat (a trigger) until the test allows them again.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.background.blocking import wait_for_file
from tests.background.conftest import wait_until

TABLE = "worker_heartbeat"
FAILED = "worker clock: round failed"

SQLITE_REFUSE = [
    f"CREATE TRIGGER no_beat_insert BEFORE INSERT ON {TABLE}"
    " BEGIN SELECT RAISE(ABORT, 'heartbeats refused'); END",
    f"CREATE TRIGGER no_beat_update BEFORE UPDATE ON {TABLE}"
    " BEGIN SELECT RAISE(ABORT, 'heartbeats refused'); END",
]
SQLITE_ALLOW = ["DROP TRIGGER IF EXISTS no_beat_insert", "DROP TRIGGER IF EXISTS no_beat_update"]
POSTGRES_REFUSE = [
    "CREATE FUNCTION refuse_beat() RETURNS trigger LANGUAGE plpgsql AS"
    " $$ BEGIN RAISE EXCEPTION 'heartbeats refused'; END $$",
    f"CREATE TRIGGER no_beat BEFORE INSERT OR UPDATE ON {TABLE}"
    " FOR EACH ROW EXECUTE FUNCTION refuse_beat()",
]
POSTGRES_ALLOW = [
    f"DROP TRIGGER IF EXISTS no_beat ON {TABLE}",
    "DROP FUNCTION IF EXISTS refuse_beat()",
]


class Beats:
    def __init__(self, workers: Any) -> None:
        self.workers = workers

    def refuse(self) -> None:
        self.workers.execute(*(SQLITE_REFUSE if self.workers.sqlite else POSTGRES_REFUSE))

    def allow(self) -> None:
        self.workers.execute(*(SQLITE_ALLOW if self.workers.sqlite else POSTGRES_ALLOW))


@pytest.fixture
def beats(workers: Any) -> Iterator[Beats]:
    """Heartbeats the test refuses and allows; allowed again whatever happens."""
    switch = Beats(workers)
    try:
        yield switch
    finally:
        switch.allow()


def failures(workers: Any) -> int:
    return workers.logs().count(FAILED)


def test_a_worker_whose_heartbeat_fails_claims_nothing_until_it_beats(workers, beats, tmp_path):
    folder = tmp_path / "task"
    folder.mkdir()
    runs = folder / "runs.log"
    wait_for_file.enqueue(str(folder))
    beats.refuse()

    worker = workers.start("--no-schedule")
    wait_until(lambda: failures(workers) >= 3, "three heartbeats are refused", logs=workers.logs)
    assert not runs.exists(), "the worker took a task with no heartbeat on record"

    beats.allow()
    wait_until(lambda: runs.exists() and f"start {worker.pid}" in runs.read_text(),
               "the worker takes the task once it beats", logs=workers.logs)  # fmt: skip
    (folder / "go").touch()
    wait_until(lambda: f"done {worker.pid}" in runs.read_text(),
               "the worker finishes it", logs=workers.logs)  # fmt: skip


def test_a_worker_whose_heartbeats_stopped_claims_nothing_until_it_beats_again(
    workers, beats, tmp_path
):
    folder = tmp_path / "task"
    folder.mkdir()
    runs = folder / "runs.log"
    later = timezone.now() + timedelta(hours=1)
    wait_for_file.using(run_after=later).enqueue(str(folder))  # not ready yet

    worker = workers.start("--no-schedule", RELAIS_WORKER_LOST_SECONDS="2")
    wait_until(lambda: workers.sql("SELECT COUNT(*) FROM worker_heartbeat")[0][0] == 1,
               "the worker beats", logs=workers.logs)  # fmt: skip
    beats.refuse()
    # Four refused beats, a second apart: its last heartbeat is older than WORKER_LOST_SECONDS.
    wait_until(lambda: failures(workers) >= 4, "heartbeats are refused", logs=workers.logs)
    # Ready now (the table is django-tasks-db's, as test_the_worker_survives_a_locked_database).
    workers.execute(
        "UPDATE django_tasks_database_dbtaskresult SET run_after = '2000-01-01 00:00:00+00:00'"
    )
    seen = failures(workers)
    wait_until(lambda: failures(workers) >= seen + 3, "more heartbeats are refused",
               logs=workers.logs)  # fmt: skip
    assert not runs.exists(), "the worker took a task while its heartbeat was stale"

    beats.allow()
    wait_until(lambda: runs.exists() and f"start {worker.pid}" in runs.read_text(),
               "the worker takes the task once it beats again", logs=workers.logs)  # fmt: skip
    (folder / "go").touch()
    wait_until(lambda: f"done {worker.pid}" in runs.read_text(),
               "the worker finishes it", logs=workers.logs)  # fmt: skip
