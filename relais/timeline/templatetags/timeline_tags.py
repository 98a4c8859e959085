"""The timeline's parts of pages it does not own: the synthesis on the staff alert page, and an
item's import problems on the vault's item page (the vault does not read the timeline). The
reporter's mailbox reads its timeline in its own views."""

from __future__ import annotations

from typing import Any

from django import template

from relais.alerts.access import alerts_for
from relais.alerts.models import Alert
from relais.evidence.models import EvidenceItem
from relais.timeline.forms import KIND_LABELS
from relais.timeline.import_problems import ImportReport, reports_of_item
from relais.timeline.selectors import Synthesis, timeline_for

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_timeline(context: Any, alert: Alert) -> dict[str, Any]:
    """The synthesis of the alert's timeline, if this staff member handles the alert."""
    user = context["request"].user
    if alerts_for(user).filter(pk=alert.pk).exists():
        synthesis = timeline_for(alert).synthesis
    else:
        synthesis = Synthesis(None, None, [], [], {}, 0)
    return {"synthesis": synthesis, "kind_labels": KIND_LABELS}


@register.simple_tag
def item_import_reports(item: EvidenceItem) -> list[ImportReport]:
    """The item's import problems and date question (an empty list, or one report). Callers
    have checked access to the item."""
    return reports_of_item(item)
