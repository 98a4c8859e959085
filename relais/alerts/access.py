"""The one place that decides which alerts a staff member may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from relais.alerts.models import Alert


def alerts_for(user: Any) -> QuerySet[Alert]:
    """Alerts of the user's organisation, or none when the user has no role that handles them."""
    if not getattr(user, "is_authenticated", False) or not user.handles_alerts:
        return Alert.objects.none()
    return Alert.objects.filter(organisation_id=user.organisation_id)


def get_alert_for(user: Any, alert_id: Any) -> Alert:
    """The alert if this user may handle it; 404 otherwise (never reveal that it exists)."""
    alert = alerts_for(user).select_related("school").filter(pk=alert_id).first()
    if alert is None:
        raise Http404
    return alert
