"""Appending to the audit log. Callers run inside their own transaction."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import models
from django.utils import timezone

from relais.audit.models import ActorKind, AuditEvent

# One "opened" row per visit: reloads, and a page shown again after each action, within this time
# of the person's last recorded opening of the same object add none.
VISIT = timedelta(hours=1)

# The kinds of actor that act through an account: their rows name the member. A school's or a
# relay's member signed in is named like staff; the school through its acknowledgment link, the
# reporter and the system have no account (their rows carry no actor, whatever is passed).
ACCOUNT_KINDS = frozenset({ActorKind.STAFF, ActorKind.SCHOOL, ActorKind.RELAY})


def object_type(obj: models.Model) -> str:
    """What audit rows call the object's type: its model's label, or the label that a model moved
    to another app kept (`stored_label`), so that the rows about one object keep one name."""
    return getattr(obj, "stored_label", None) or obj._meta.label_lower


def record(
    *, actor: Any, action: str, obj: models.Model, actor_kind: str = ActorKind.STAFF, **details: Any
) -> AuditEvent:
    event = unsaved(actor=actor, action=action, obj=obj, actor_kind=actor_kind, **details)
    event.save(force_insert=True)
    return event


def unsaved(
    *, actor: Any, action: str, obj: models.Model, actor_kind: str = ActorKind.STAFF, **details: Any
) -> AuditEvent:
    """The audit row, not saved yet (record saves it)."""
    return AuditEvent(
        actor=actor if actor_kind in ACCOUNT_KINDS else None,
        actor_kind=actor_kind,
        action=action,
        object_type=object_type(obj),
        object_id=str(obj.pk),
        details=details,
    )


def record_opening(
    *,
    actor: Any,
    obj: models.Model,
    action: str,
    news: bool = False,
    actor_kind: str = ActorKind.STAFF,
) -> AuditEvent | None:
    """Record that a staff member (or a school's or relay's member: `actor_kind`) opened ``obj``,
    once per visit (VISIT); always when ``news`` (the object holds something they had not seen).
    Returns the row, or None when the opening belongs to a visit already recorded."""
    if not news:
        recent = AuditEvent.objects.filter(
            action=action,
            actor=actor,
            object_type=object_type(obj),
            object_id=str(obj.pk),
            at__gte=timezone.now() - VISIT,
        )
        if recent.exists():
            return None
    return record(actor=actor, action=action, obj=obj, actor_kind=actor_kind)
