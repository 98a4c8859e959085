"""The one place that decides who sees which evidence item, and what of it.

Three kinds of viewer:
- a reporter, through their mailbox session, is given their Alert: they see its items' list
  (name, size, type, date, digest) and nothing else of them;
- staff who handle alerts (relais.alerts.access) see their organisation's items: the stripped
  copy, and on an explicit, audited action the sealed original and its metadata;
- a school sees only the items shared with it, and only their stripped copy.
Anyone else gets a 404, never a hint that the item exists.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from relais.alerts.access import alerts_for
from relais.alerts.models import Alert
from relais.evidence.models import EvidenceItem
from relais.schools.models import School


def items_for(viewer: Any) -> QuerySet[EvidenceItem]:
    if isinstance(viewer, Alert):
        return EvidenceItem.objects.filter(alert=viewer)
    if isinstance(viewer, School):
        return EvidenceItem.objects.filter(shares__school=viewer)
    return EvidenceItem.objects.filter(alert__in=alerts_for(viewer))


def get_item_for(viewer: Any, item_id: Any) -> EvidenceItem:
    """The item if this viewer may see it; 404 otherwise."""
    item = items_for(viewer).select_related("alert").filter(pk=item_id).first()
    if item is None:
        raise Http404
    return item


def is_staff_viewer(viewer: Any) -> bool:
    return not isinstance(viewer, Alert | School) and bool(
        getattr(viewer, "is_authenticated", False) and viewer.handles_alerts
    )


def may_open_original(viewer: Any, item: EvidenceItem) -> bool:
    """The sealed original and its EXIF facts: staff who handle this alert, nobody else."""
    return is_staff_viewer(viewer) and items_for(viewer).filter(pk=item.pk).exists()
