"""The timeline section included in the staff alert page. (The reporter's mailbox reads its
timeline in its own view.)"""

from __future__ import annotations

from typing import Any

from django import template

from relais.alerts.access import alerts_for
from relais.alerts.models import Alert
from relais.evidence.timeline import Synthesis, timeline_for
from relais.evidence.timeline_forms import KIND_LABELS

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
