"""A new log entry, built before it is stored (services.append)."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from relais.proofs import merkle
from relais.proofs.formats import entry_bytes, event_digest, format_time, truncate_time
from relais.proofs.models import ProofEntry


def build(kind: str, payload: dict[str, Any] | bytes, *, alert_id: Any = None) -> ProofEntry:
    """The entry for an event, not stored yet: its kind, SHA-256(salt || canonical event bytes),
    the time, and the time by which the log promises to merge it (PROOFS_MERGE_DELAY later).
    The salt stays in our database, so that the event's owner can later show what the digest
    covers; without it the digest tells nothing, not even a guessed content. `alert_id`, the alert
    the entry concerns, is kept beside the log, never in it."""
    salt = os.urandom(32)
    digest = event_digest(salt, payload)
    recorded_at = truncate_time(timezone.now())
    leaf = merkle.leaf_hash(entry_bytes(kind, digest, format_time(recorded_at)))
    return ProofEntry(
        kind=kind,
        digest=digest,
        salt=salt,
        recorded_at=recorded_at,
        leaf_hash=leaf,
        merge_by=recorded_at + timedelta(seconds=settings.PROOFS_MERGE_DELAY),
        alert_id=alert_id,
    )
