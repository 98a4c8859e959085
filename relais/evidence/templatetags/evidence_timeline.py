"""The timeline sections included in the reporter's mailbox and the staff alert page."""

from __future__ import annotations

from typing import Any

from django import template

from relais.alerts.access import alerts_for
from relais.alerts.models import Alert
from relais.evidence.import_problems import reports_for
from relais.evidence.timeline import Synthesis, timeline_for
from relais.evidence.timeline_forms import KIND_LABELS, LinkCaptureForm

register = template.Library()


@register.simple_tag
def mailbox_timeline(alert: Alert) -> dict[str, Any]:
    """The synthesis of the reporter's own timeline, its imports' problems, an empty link form."""
    return {
        "synthesis": timeline_for(alert).synthesis,
        "import_reports": reports_for(alert),
        "kind_labels": KIND_LABELS,
        "link_form": LinkCaptureForm(),
    }


@register.simple_tag(takes_context=True)
def staff_timeline(context: Any, alert: Alert) -> dict[str, Any]:
    """The synthesis of the alert's timeline, if this staff member handles the alert."""
    user = context["request"].user
    if alerts_for(user).filter(pk=alert.pk).exists():
        synthesis = timeline_for(alert).synthesis
    else:
        synthesis = Synthesis(None, None, [], [], {}, 0)
    return {"synthesis": synthesis, "kind_labels": KIND_LABELS}
