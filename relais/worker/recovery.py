"""Heartbeats, and what happens to a task whose worker died (a `kill -9`, a lost machine).

django-tasks-db marks a task RUNNING when a worker claims it and SUCCESSFUL or FAILED when the
worker is done; a worker killed in between leaves it RUNNING for ever, so a recurring job never
ran again (the scheduler waits for the running one). Every `relais worker` therefore writes a
heartbeat each second naming the tasks it runs, and each looks at the RUNNING tasks every few
seconds. A task is lost when its worker's heartbeat is older than WORKER_LOST_SECONDS (by the
database's clock), when its worker is alive but no longer names it (it could not record the
outcome), or, for a worker that never wrote a heartbeat (a plain `db_worker`, `relais worker
--once`), when it started more than UNTRACKED_AFTER ago. A lost task is put back in the queue, as
it was, up to MAX_ATTEMPTS runs in all; then it is marked FAILED with `WorkerLost`, so that it
shows among the failed tasks. Every Relais task is written to be safe to run again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta
from traceback import format_exception

from django.conf import settings
from django.db.models.functions import Now
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from relais.worker.models import Heartbeat

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
UNTRACKED_AFTER = timedelta(hours=1)


class WorkerLost(Exception):
    """The worker that ran this task stopped before recording its outcome."""


def _lost_after() -> timedelta:
    return timedelta(seconds=settings.WORKER_LOST_SECONDS)


def beat(worker_id: str, tasks: Iterable[str]) -> None:
    """Say that this worker is alive and runs these tasks (their ids)."""
    running = sorted(tasks)
    if not Heartbeat.objects.filter(worker_id=worker_id).update(beat_at=Now(), tasks=running):
        Heartbeat.objects.create(worker_id=worker_id, beat_at=Now(), tasks=running)


def stopped(worker_id: str) -> None:
    """A worker that stops cleanly says so; its tasks have finished."""
    Heartbeat.objects.filter(worker_id=worker_id).delete()


def recover_lost() -> int:
    """Queue again, or fail, the tasks whose worker is gone; returns how many."""
    running = list(DBTaskResult.objects.running().only("id", "worker_ids", "started_at"))
    if not running:
        Heartbeat.objects.filter(beat_at__lt=Now() - 2 * _lost_after()).delete()
        return 0
    fresh = Heartbeat.objects.filter(beat_at__gte=Now() - _lost_after())
    alive = {beat.worker_id: set(beat.tasks) for beat in fresh}
    known = set(Heartbeat.objects.values_list("worker_id", flat=True))
    now = timezone.now()
    count = 0
    for row in running:
        worker = row.worker_ids[-1] if row.worker_ids else ""
        started = row.started_at or now
        if worker in alive:
            # Listed, or claimed a moment ago and not in a heartbeat yet.
            if str(row.id) in alive[worker] or started > now - _lost_after():
                continue
        elif worker not in known and started > now - UNTRACKED_AFTER:
            continue
        count += _give_back(row, worker)
    # Heartbeats of dead workers go once their tasks were handled (this round or an earlier).
    Heartbeat.objects.filter(beat_at__lt=Now() - 2 * _lost_after()).delete()
    return count


def _give_back(row: DBTaskResult, worker: str) -> int:
    # Conditional on the row being as read: another worker may be recovering it too.
    same = DBTaskResult.objects.filter(
        pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at
    )
    attempts = len(row.worker_ids)
    if attempts < MAX_ATTEMPTS:
        done = same.update(status=TaskResultStatus.READY)
        if done:
            logger.warning(
                "task %s was lost with worker %s: queued again (run %d of %d)",
                row.id,
                worker,
                attempts + 1,
                MAX_ATTEMPTS,
            )
        return done
    error = WorkerLost(f"the worker running this task stopped, {attempts} times (last: {worker})")
    done = same.update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        return_value=None,
        exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
        traceback="".join(format_exception(error)),
    )
    if done:
        logger.error("task %s failed: %s", row.id, error)
    return done
