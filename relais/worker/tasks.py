"""The worker's own recurring job: keeping the task table small."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

# The recurring jobs' queues get a row every few seconds: an hour of their successes is kept to
# look at. Deferred jobs' successes are kept two weeks; every failure a month.
RECURRING_QUEUES = ("proofs", "routine")
KEPT = {"recurring": timedelta(hours=1), "deferred": timedelta(days=14)}
FAILED_KEPT = timedelta(days=30)


@task(queue_name="routine")
def prune_results() -> int:
    """Delete finished task rows past their keeping time; returns how many."""
    now = timezone.now()
    recurring = Q(queue_name__in=RECURRING_QUEUES)
    old = Q(status=TaskResultStatus.SUCCESSFUL) & (
        (recurring & Q(finished_at__lt=now - KEPT["recurring"]))
        | (~recurring & Q(finished_at__lt=now - KEPT["deferred"]))
    ) | Q(status=TaskResultStatus.FAILED, finished_at__lt=now - FAILED_KEPT)
    deleted, _kinds = DBTaskResult.objects.finished().filter(old).delete()
    return deleted
