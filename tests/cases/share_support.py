"""What the tests of sharing a text with the school start from: a text file sealed in an alert's
vault, and the staff evidence page's share POST (relais/cases/sharing.py)."""

from __future__ import annotations

from typing import Any

from relais.evidence.intake import Intake
from relais.evidence.models import EvidenceItem
from relais.evidence.services import seal_evidence


def sealed_text(alert: Any, text: str, *, name: str = "message.txt") -> EvidenceItem:
    """``text`` as a text file of ``alert``'s vault, as the reporter's upload leaves it."""
    intake = Intake(max_bytes=1024 * 1024)
    intake.feed(text.encode())
    item = seal_evidence(alert=alert, blob=intake.finish(display_name=name))
    assert item.kind == EvidenceItem.Kind.TEXT
    return item


def share(client: Any, item: EvidenceItem, **data: Any) -> Any:
    """The case worker's "share with the school" on the item's page (plain POST, no script)."""
    return client.post(f"/staff/evidence/{item.pk}/share/", data)
