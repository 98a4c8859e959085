"""Background jobs of the vault, run by `relais worker`.

`purge_pending_uploads` recurs (relais/worker/schedule.py): it cleans up after uploads killed
half-way.

Reading what a sealed item holds (chat exports, the text of images) is the timeline's
(relais.timeline.tasks). Its two tasks were defined here before the timeline left the vault, and
the task queue names a task by where it is defined: a run queued under the old name by an older
version is found here, and runs the timeline's task.
"""

from __future__ import annotations

from django_tasks import task

from relais.evidence.maintenance import purge_pending
from relais.timeline.tasks import catch_up, process_evidence

__all__ = ["catch_up", "process_evidence", "purge_pending_uploads"]


@task(queue_name="routine")
def purge_pending_uploads() -> int:
    """Remove or complete what uploads killed half-way left behind, after a day."""
    return purge_pending()
