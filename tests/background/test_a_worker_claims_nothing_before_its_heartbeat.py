"""A worker takes no task before its first heartbeat is on record.

Seen in CI: a worker claimed a task before its clock wrote its first heartbeat and was killed
right then. With no heartbeat on record it looked like a plain `db_worker`, whose tasks are given
back only after an hour, so the task waited an hour instead of WORKER_LOST_SECONDS. Here the
database refuses every heartbeat (a trigger) until the test allows them again.
"""

from __future__ import annotations

from tests.background.blocking import wait_for_file
from tests.background.conftest import wait_until

TABLE = "worker_heartbeat"

SQLITE_REFUSE = [
    f"CREATE TRIGGER no_beat_insert BEFORE INSERT ON {TABLE}"
    " BEGIN SELECT RAISE(ABORT, 'heartbeats refused'); END",
    f"CREATE TRIGGER no_beat_update BEFORE UPDATE ON {TABLE}"
    " BEGIN SELECT RAISE(ABORT, 'heartbeats refused'); END",
]
SQLITE_ALLOW = ["DROP TRIGGER no_beat_insert", "DROP TRIGGER no_beat_update"]
POSTGRES_REFUSE = [
    "CREATE FUNCTION refuse_beat() RETURNS trigger LANGUAGE plpgsql AS"
    " $$ BEGIN RAISE EXCEPTION 'heartbeats refused'; END $$",
    f"CREATE TRIGGER no_beat BEFORE INSERT OR UPDATE ON {TABLE}"
    " FOR EACH ROW EXECUTE FUNCTION refuse_beat()",
]
POSTGRES_ALLOW = [f"DROP TRIGGER no_beat ON {TABLE}", "DROP FUNCTION refuse_beat()"]


def test_a_worker_whose_heartbeat_fails_claims_nothing_until_it_beats(workers, tmp_path):
    folder = tmp_path / "task"
    folder.mkdir()
    runs = folder / "runs.log"
    wait_for_file.enqueue(str(folder))
    workers.execute(*(SQLITE_REFUSE if workers.sqlite else POSTGRES_REFUSE))

    worker = workers.start("--no-schedule")
    wait_until(lambda: workers.logs().count("worker clock: round failed") >= 3,
               "three heartbeats are refused", logs=workers.logs)  # fmt: skip
    assert not runs.exists(), "the worker took a task with no heartbeat on record"

    workers.execute(*(SQLITE_ALLOW if workers.sqlite else POSTGRES_ALLOW))
    wait_until(lambda: runs.exists() and f"start {worker.pid}" in runs.read_text(),
               "the worker takes the task once it beats", logs=workers.logs)  # fmt: skip
    (folder / "go").touch()
    wait_until(lambda: f"done {worker.pid}" in runs.read_text(),
               "the worker finishes it", logs=workers.logs)  # fmt: skip
