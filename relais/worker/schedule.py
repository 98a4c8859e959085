"""The recurring jobs, and the scheduler that queues each when it is due and not already queued.

Every `relais worker` runs this scheduler once a second; several may run at once. For each job
that is due, a worker moves the job's `next_run_at` forward with one conditional UPDATE; only the
worker whose UPDATE changed the row goes on, and in the same transaction it queues the job unless
a run of it is still waiting or running. So a recurring job is never queued twice, and never runs
twice at the same time (the queue hands a row to one worker only).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from relais.cases import tasks as cases
from relais.evidence import tasks as evidence
from relais.notices import tasks as notices
from relais.proofs import tasks as proofs
from relais.timeline import tasks as timeline
from relais.worker import tasks as worker
from relais.worker.models import RecurringJob


@dataclass(frozen=True)
class Recurring:
    name: str
    task: Task[Any, Any]
    seconds: Callable[[], float]  # read at each round, so that settings can change it
    enabled: Callable[[], bool] = lambda: True
    # Where the task was defined before (the queue names a task by its path): a run an older
    # version queued there still counts as waiting.
    former_paths: tuple[str, ...] = ()


RECURRING = (
    Recurring("proofs.sign", proofs.sign_tree_head, lambda: settings.PROOFS_SIGN_INTERVAL),
    Recurring(
        "proofs.stamp",
        proofs.stamp_tree_heads,
        lambda: settings.PROOFS_SIGN_INTERVAL,
        enabled=lambda: bool(settings.PROOFS_TSA_URLS),
    ),
    Recurring("notices.send", notices.send_outbox, lambda: settings.OUTBOX_INTERVAL),
    Recurring(
        "notices.deadlines", notices.check_deadlines, lambda: settings.DEADLINE_CHECK_SECONDS
    ),
    Recurring("cases.sweep", cases.sweep_deadlines, lambda: settings.CASES_SWEEP_SECONDS),
    Recurring(
        "evidence.catch_up",
        timeline.catch_up,
        lambda: 15 * 60,
        former_paths=("relais.evidence.tasks.catch_up",),
    ),
    Recurring("evidence.purge", evidence.purge_pending_uploads, lambda: 60 * 60),
    Recurring("worker.prune", worker.prune_results, lambda: 60 * 60),
)
WAITING = (TaskResultStatus.READY, TaskResultStatus.RUNNING)


def enqueue_due(*, now: datetime | None = None) -> list[str]:
    """Queue each recurring job that is due and has no run waiting or running; returns their
    names. Safe to call from any number of workers at once."""
    now = now or timezone.now()
    jobs = [job for job in RECURRING if job.enabled()]
    # Reads first, without a transaction: on SQLite a transaction takes the write lock.
    known = dict(RecurringJob.objects.values_list("name", "next_run_at"))
    missing = [job.name for job in jobs if job.name not in known]
    if missing:
        RecurringJob.objects.bulk_create(
            [RecurringJob(name=name, next_run_at=now) for name in missing], ignore_conflicts=True
        )
    due = {job.name for job in jobs if known.get(job.name, now) <= now}
    queued = []
    for job in jobs:
        if job.name in due and _queue_once(job, now):
            queued.append(job.name)
    return queued


def _queue_once(job: Recurring, now: datetime) -> bool:
    with transaction.atomic():
        moved = RecurringJob.objects.filter(name=job.name, next_run_at__lte=now).update(
            next_run_at=now + timedelta(seconds=job.seconds())
        )
        if not moved:  # another worker took this turn
            return False
        waiting = DBTaskResult.objects.filter(
            task_path__in=(job.task.module_path, *job.former_paths), status__in=WAITING
        ).exists()
        if waiting:
            return False
        job.task.enqueue()
        return True


def queues() -> list[str]:
    """Every queue a worker serves by default, the proof log's first."""
    return list(settings.TASKS["default"]["QUEUES"])
