"""Background jobs of the timeline, run by `relais worker`.

`process_evidence` is queued by name when a sealed item's transaction commits
(relais.evidence.services.seal_evidence calls `jobs.defer("evidence.process", item_id)` on
commit): it reads a chat export into timeline events or an image's text. It is safe to run again
on the same item: an item already read keeps what was read (a second reading finds the row and
stops).

`catch_up` recurs (relais/worker/schedule.py): it queues the items that were never handed to a
task (a queue that failed after the commit, items older than the worker).

Both lived in relais.evidence.tasks before the timeline left the vault; the names they were
queued under there still run (relais.evidence.tasks keeps them, for the rows an older version
left in the queue).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from relais.evidence.models import EvidenceItem
from relais.lib import jobs
from relais.timeline.imports import pending_imports, pending_ocr, process_item

logger = logging.getLogger(__name__)

# An item younger than this may still be on its way to its own task (on commit).
CATCH_UP_AFTER = timedelta(minutes=5)
CATCH_UP_BATCH = 500


@jobs.register("evidence.process")
@task()
def process_evidence(item_id: str) -> str:
    """Import a chat export or read an image's text; returns what was done."""
    item = EvidenceItem.objects.select_related("alert__school").filter(pk=item_id).first()
    if item is None:  # deleted since
        return "gone"
    return process_item(item)


# Where a run queued by an older version names the task (before the timeline left the vault).
FORMER_PROCESS_PATH = "relais.evidence.tasks.process_evidence"


@task(queue_name="routine")
def catch_up() -> int:
    """Queue `process_evidence` for unread items that no task ever named; returns how many.

    An item whose task failed is left alone: it is listed among the failed tasks, and
    `relais import_pending_evidence` reads it by hand once the cause is fixed.
    """
    before = timezone.now() - CATCH_UP_AFTER
    paths = (process_evidence.module_path, FORMER_PROCESS_PATH)
    queued = 0
    for pending in (pending_imports(), pending_ocr()):
        ids = [
            str(pk)
            for pk in pending.filter(created_at__lt=before)
            .order_by("created_at")
            .values_list("pk", flat=True)[:CATCH_UP_BATCH]
        ]
        named = set(
            DBTaskResult.objects.filter(
                task_path__in=paths, args_kwargs__args__0__in=ids
            ).values_list("args_kwargs__args__0", flat=True)
        )
        for item_id in ids:
            if item_id not in named:
                process_evidence.enqueue(item_id)
                queued += 1
    if queued:
        logger.warning("evidence: %d item(s) had no processing task; queued now", queued)
    return queued
