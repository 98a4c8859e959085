"""Appending to the audit log. Callers run inside their own transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from relais.audit.models import AuditEvent


def record(
    *, actor: Any, action: str, obj: models.Model, actor_kind: str = "staff", **details: Any
) -> AuditEvent:
    event = unsaved(actor=actor, action=action, obj=obj, actor_kind=actor_kind, **details)
    event.save(force_insert=True)
    return event


def unsaved(
    *, actor: Any, action: str, obj: models.Model, actor_kind: str = "staff", **details: Any
) -> AuditEvent:
    """The audit row, for a caller that writes it itself in its transaction (a new alert sends
    it with the proof log's lock: proofs.events.alert_received)."""
    return AuditEvent(
        actor=actor if actor_kind == "staff" else None,
        actor_kind=actor_kind,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        details=details,
    )
