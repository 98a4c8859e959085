"""The proof-worthy events of the alerts app, one function per kind, called inside the event's
own transaction (relais/alerts/services.py). Each payload is what the digest covers: enough for the
owner of the event to show later, with the salt, that the entry is theirs; the log sees only the
salted digest."""

from __future__ import annotations

import hashlib
from typing import Any

from relais.proofs.formats import format_time
from relais.proofs.kinds import ProofKind
from relais.proofs.models import ProofEntry
from relais.proofs.services import append


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def alert_received(alert: Any) -> ProofEntry:
    """The entry of a new alert, saved already in the same transaction. The reporter's answer
    carries its PROMISE (promises.promise_for); the signer merges it within the delay."""
    return append(
        kind=ProofKind.ALERT_RECEIVED,
        alert=alert,
        payload={
            "alert": str(alert.pk),
            "school": str(alert.school_id),
            "reporter_role": alert.reporter_role,
            "categories": list(alert.categories),
            "description_sha256": _sha256(alert.description),
            "started_on": alert.started_on.isoformat() if alert.started_on else None,
            "platforms": list(alert.platforms),
            "immediate_danger": alert.immediate_danger,
            "received_at": format_time(alert.created_at),
        },
    )


def message_received(message: Any) -> ProofEntry:
    return append(
        kind=ProofKind.MESSAGE_RECEIVED,
        alert=message.alert,
        payload={
            "alert": str(message.alert_id),
            "message": str(message.pk),
            "body_sha256": _sha256(message.body),
        },
    )


def consent_changed(alert: Any) -> ProofEntry:
    return append(
        kind=ProofKind.CONSENT_CHANGED,
        alert=alert,
        payload={
            "alert": str(alert.pk),
            "escalation": alert.consent_escalation,
            "reveal_identity": alert.reveal_identity,
        },
    )
