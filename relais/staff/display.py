"""Turning stored codes into words for the staff templates (labels, audit actions)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import TextChoices

from relais.alerts.models import Alert, Category, Platform
from relais.alerts.workflow import Status
from relais.audit.models import ActorKind, AuditEvent


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


def _who(event: AuditEvent) -> str:
    if event.actor_kind == ActorKind.STAFF and event.actor is not None:
        return event.actor.get_username()
    # The words of relais.audit.actions.ActorKind; an unknown kind is shown as stored.
    return event.get_actor_kind_display()


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
            what=event.get_action_display(),
            detail=_detail(event),
        )
        for event in events
    ]
