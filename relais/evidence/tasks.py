"""Background jobs of the vault, run by the worker (`relais db_worker`).

A sealed item is handed over when its transaction commits (services.seal_evidence calls
`schedule_processing`); the job reads the chat export into timeline events or the image's text.
Without a running worker nothing is lost: `relais import_pending_evidence` does the same for
every item not processed yet.
"""

from __future__ import annotations

import logging
import uuid

from django_tasks import task

from relais.evidence.imports import process_item
from relais.evidence.models import EvidenceItem

logger = logging.getLogger(__name__)


@task()
def process_evidence(item_id: str) -> str:
    """Import a chat export or read an image's text; returns what was done."""
    item = EvidenceItem.objects.select_related("alert__school").filter(pk=item_id).first()
    if item is None:  # deleted since
        return "gone"
    return process_item(item)


def schedule_processing(item_id: uuid.UUID) -> None:
    """Queue the item's processing; called on commit. A queue that fails leaves the item for
    `import_pending_evidence`, it never undoes the upload."""
    try:
        process_evidence.enqueue(str(item_id))
    except Exception:
        logger.exception("evidence: could not queue the processing of an item")
