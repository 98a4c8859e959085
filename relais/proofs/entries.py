"""A new log entry and the SQL that stores it (services.append, sequencer.append_and_sign)."""

from __future__ import annotations

import os
from typing import Any

from django.db import connection
from django.utils import timezone

from relais.proofs import merkle
from relais.proofs.formats import entry_bytes, event_digest, format_time, truncate_time
from relais.proofs.models import ProofEntry, ProofLink
from relais.proofs.sql import Write
from relais.proofs.tree import ENTRY_TABLE, LINK_TABLE

ALERT_FIELD = ProofLink._meta.get_field("alert")


def build(kind: str, payload: dict[str, Any] | bytes) -> ProofEntry:
    """The entry for an event, not stored yet: its kind, SHA-256(salt || canonical event bytes)
    and the time. The salt stays in our database, so that the event's owner can later show what
    the digest covers; without it the digest tells nothing, not even a guessed content."""
    salt = os.urandom(32)
    digest = event_digest(salt, payload)
    recorded_at = truncate_time(timezone.now())
    leaf = merkle.leaf_hash(entry_bytes(kind, digest, format_time(recorded_at)))
    return ProofEntry(kind=kind, digest=digest, salt=salt, recorded_at=recorded_at, leaf_hash=leaf)


def inserts(entry: ProofEntry, alert: Any = None) -> list[Write]:
    """The INSERT of the entry (named "entry", it returns the id), with its leaf index when it is
    sequenced at once, and of the link to its alert, which is kept outside the log."""
    columns = "kind, digest, salt, recorded_at, leaf_hash, leaf_index"
    recorded_at = connection.ops.adapt_datetimefield_value(entry.recorded_at)
    params = [entry.kind, entry.digest, entry.salt, recorded_at, entry.leaf_hash, entry.leaf_index]
    statements = [
        Write(
            "entry",
            f"INSERT INTO {ENTRY_TABLE} ({columns}) VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",  # noqa: S608
            params,
        )
    ]
    if alert is not None:
        # Inside one PostgreSQL statement the entry's id comes from the WITH clause; SQLite runs
        # the statements one by one on the same connection.
        source = (
            "SELECT id, %s FROM entry"
            if connection.vendor == "postgresql"
            else ("VALUES (last_insert_rowid(), %s)")
        )
        alert_id = ALERT_FIELD.get_db_prep_save(alert.pk, connection)
        statements.append(
            Write("link", f"INSERT INTO {LINK_TABLE} (entry_id, alert_id) {source}", [alert_id])
        )
    return statements


def stored(entry: ProofEntry, entry_id: int) -> ProofEntry:
    """The entry as Django sees a row it has read back."""
    entry.id = entry_id
    entry._state.adding = False
    entry._state.db = connection.alias
    return entry
