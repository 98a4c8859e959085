"""Appending to the audit log. Callers run inside their own transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from relais.audit.models import AuditEvent


def record(
    *, actor: Any, action: str, obj: models.Model, actor_kind: str = "staff", **details: Any
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if actor_kind == "staff" else None,
        actor_kind=actor_kind,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        details=details,
    )
