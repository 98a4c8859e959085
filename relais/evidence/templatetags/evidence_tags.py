"""The evidence section included in the staff alert page, so that the staff views need not know
about the vault. (The reporter's mailbox reads its files in its own view.)"""

from __future__ import annotations

from typing import Any

from django import template

from relais.alerts.models import Alert
from relais.evidence.access import items_for
from relais.evidence.forms import EvidenceForm

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_evidence(context: Any, alert: Alert) -> dict[str, Any]:
    """The alert's items as this staff member may see them, and the upload form."""
    user = context["request"].user
    items = items_for(user).filter(alert=alert).order_by("created_at")
    return {"items": list(items.prefetch_related("copies")), "form": EvidenceForm()}
