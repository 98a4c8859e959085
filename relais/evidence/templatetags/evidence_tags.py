"""The evidence sections included in the reporter's mailbox and the staff alert page, so that
those pages' own views need not know about the vault."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from relais.alerts.models import Alert
from relais.evidence.access import items_for
from relais.evidence.forms import EvidenceForm
from relais.evidence.uploads import MAX_FILES_PER_FORM

register = template.Library()


@register.simple_tag
def mailbox_evidence(alert: Alert) -> dict[str, Any]:
    """The reporter's own items (listed, never shown) and an empty form."""
    return {
        "items": list(items_for(alert).order_by("created_at")),
        "form": EvidenceForm(),
        "max_megabytes": settings.EVIDENCE_MAX_BYTES // (1024 * 1024),
        "max_files": MAX_FILES_PER_FORM,
    }


@register.simple_tag(takes_context=True)
def staff_evidence(context: Any, alert: Alert) -> dict[str, Any]:
    """The alert's items as this staff member may see them, and the upload form."""
    user = context["request"].user
    items = items_for(user).filter(alert=alert).order_by("created_at")
    return {"items": list(items.prefetch_related("copies")), "form": EvidenceForm()}
