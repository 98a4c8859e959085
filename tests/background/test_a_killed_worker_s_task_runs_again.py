"""A worker killed with SIGKILL in the middle of a task: the next worker runs that task, once.

Before `relais worker`, a `db_worker` killed mid-task left its row RUNNING for ever: nothing ran
it again, and a recurring job in that state was never queued again (issue #10).
"""

from __future__ import annotations

import os
import signal

from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.background.blocking import wait_for_file
from tests.background.conftest import wait_until


def test_the_next_worker_runs_the_task_of_a_killed_one_once(workers, tmp_path):
    folder = tmp_path / "task"
    folder.mkdir()
    runs = folder / "runs.log"
    result = wait_for_file.enqueue(str(folder))
    lost_after = {"RELAIS_WORKER_LOST_SECONDS": "2"}

    first = workers.start("--no-schedule", **lost_after)
    wait_until(lambda: runs.exists() and f"start {first.pid}" in runs.read_text(),
               "the first worker starts the task", logs=workers.logs)  # fmt: skip
    os.kill(first.pid, signal.SIGKILL)
    first.wait()

    second = workers.start("--no-schedule", **lost_after)
    wait_until(lambda: f"start {second.pid}" in runs.read_text(),
               "the second worker takes the lost task", logs=workers.logs)  # fmt: skip
    (folder / "go").touch()
    wait_until(lambda: f"done {second.pid}" in runs.read_text(),
               "the second worker finishes it", logs=workers.logs)  # fmt: skip
    workers.stop_all()
    workers.pull()

    assert runs.read_text().splitlines() == [
        f"start {first.pid}",
        f"start {second.pid}",
        f"done {second.pid}",
    ]
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == "done"
    assert len(row.worker_ids) == 2 and row.worker_ids[0] != row.worker_ids[1]
    assert "queued again (run 2 of 3)" in workers.logs()
