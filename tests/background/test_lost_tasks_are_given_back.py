"""Which running tasks count as lost, and what becomes of them: run again, then failed visibly.
(The same with real processes and SIGKILL: test_a_killed_worker_s_task_runs_again.py.)"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from relais.worker.models import Heartbeat
from relais.worker.recovery import beat, recover_lost
from tests.background.blocking import wait_for_file


def running(*workers: str, started_ago: timedelta = timedelta(minutes=5)) -> DBTaskResult:
    """A task claimed by each of these workers in turn, the last one still running it."""
    result = wait_for_file.enqueue("/nonexistent")
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        worker_ids=list(workers),
        started_at=timezone.now() - started_ago,
    )
    return DBTaskResult.objects.get(pk=result.id)


def status(row: DBTaskResult) -> Any:
    row.refresh_from_db()
    return row.status


def silent_since(worker: str, ago: timedelta) -> None:
    beat(worker, [])
    Heartbeat.objects.filter(worker_id=worker).update(beat_at=timezone.now() - ago)


def test_a_task_of_a_worker_whose_heartbeat_stopped_is_queued_again(db, caplog):
    row = running("w1")
    silent_since("w1", timedelta(minutes=2))
    assert recover_lost() == 1
    assert status(row) == TaskResultStatus.READY
    assert "lost with worker w1: queued again (run 2 of 3)" in caplog.text


def test_a_task_its_live_worker_names_is_left_alone(db):
    row = running("w1")
    beat("w1", [str(row.id)])
    assert recover_lost() == 0
    assert status(row) == TaskResultStatus.RUNNING


def test_a_task_its_live_worker_no_longer_names_is_queued_again(db):
    row = running("w1")
    beat("w1", [])  # it could not record the outcome (the database was away)
    assert recover_lost() == 1
    assert status(row) == TaskResultStatus.READY


def test_a_task_claimed_a_moment_ago_is_left_to_its_worker(db):
    row = running("w1", started_ago=timedelta(0))
    beat("w1", [])  # its next heartbeat will name it
    assert recover_lost() == 0
    assert status(row) == TaskResultStatus.RUNNING


def test_a_worker_without_heartbeats_gets_an_hour(db):
    young = running("db_worker-1", started_ago=timedelta(minutes=50))
    old = running("db_worker-2", started_ago=timedelta(minutes=70))
    assert recover_lost() == 1
    assert (status(young), status(old)) == (TaskResultStatus.RUNNING, TaskResultStatus.READY)


def test_the_third_lost_run_fails_visibly(db, caplog):
    row = running("w1", "w2", "w3")
    silent_since("w3", timedelta(minutes=2))
    assert recover_lost() == 1
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "relais.worker.recovery.WorkerLost"
    assert "stopped, 3 times (last: w3)" in row.traceback
    assert row.finished_at is not None
    assert "failed: the worker running this task stopped" in caplog.text


def test_dead_workers_heartbeats_go_away(db):
    silent_since("gone", timedelta(minutes=5))
    beat("alive", [])
    recover_lost()
    assert list(Heartbeat.objects.values_list("worker_id", flat=True)) == ["alive"]
