"""Turning stored codes into words for the staff templates (labels, audit actions)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from relais.alerts.models import Alert, Category, Platform
from relais.alerts.workflow import Status
from relais.audit.models import AuditEvent
from relais.notices.display import NOTICE_ACTIONS

ACTIONS: dict[str, Any] = {
    "alert.submitted": _("alert received"),
    "alert.viewed": _("opened the alert"),
    "alert.moved": _("changed the status"),
    "message.sent": _("replied to the reporter"),
    "message.received": _("the reporter wrote"),
    "consent.changed": _("the reporter changed their consents"),
    "evidence.timeline_viewed": _("opened the timeline"),
    **NOTICE_ACTIONS,
}


def labels(choices: type[TextChoices], values: Iterable[str]) -> list[str]:
    """Labels of known values; an unknown stored value is shown as is rather than hidden."""
    known = dict(choices.choices)
    return [str(known.get(value, value)) for value in values]


def status_label(value: str) -> str:
    return labels(Status, [value])[0]


def category_labels(alert: Alert) -> list[str]:
    return labels(Category, alert.categories or [])


def alert_facts(alert: Alert) -> dict[str, Any]:
    return {
        "categories": category_labels(alert),
        "platforms": labels(Platform, alert.platforms or []),
        "status": status_label(alert.status),
    }


@dataclass(frozen=True)
class TrailRow:
    at: datetime
    who: str
    what: str
    detail: str


# Who acted, when it was not a staff member; an unknown kind is shown as stored, not hidden.
ACTORS: dict[str, Any] = {
    "reporter": _("reporter"),
    "system": _("Relais, automatically"),
    "school": pgettext_lazy("who acted, in the audit trail", "the school"),
}


def _who(event: AuditEvent) -> str:
    if event.actor_kind == "staff" and event.actor is not None:
        return event.actor.get_username()
    return str(ACTORS.get(event.actor_kind, event.actor_kind))


def _detail(event: AuditEvent) -> str:
    details = event.details or {}
    if event.action == "alert.moved":
        return (
            f"{status_label(details.get('source', ''))} → {status_label(details.get('target', ''))}"
        )
    return ""


def trail_rows(events: Iterable[AuditEvent]) -> list[TrailRow]:
    return [
        TrailRow(
            at=event.at,
            who=_who(event),
            what=str(ACTIONS.get(event.action, event.action)),
            detail=_detail(event),
        )
        for event in events
    ]
