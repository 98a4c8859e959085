"""The proof-worthy events of the notices app, one function per kind, called inside the event's
own transaction before the workflow move they prove (relais/notices/workflow.py refuses a proved
move without its entry). Each returns the entry and its payload: the notice keeps the payload,
which the school's receipt carries as the entry's opening (school_receipts.py).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any, NamedTuple

from relais.notices.models import Notice, OutboxMessage
from relais.proofs.kinds import ProofKind
from relais.proofs.models import ProofEntry
from relais.proofs.services import append


class Proved(NamedTuple):
    entry: ProofEntry
    payload: dict[str, Any]


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def notice_sent(
    *,
    notice: Notice,
    message: OutboxMessage,
    code: int | None,
    reply: str,
    confirmed_by: str,
    sent_at: datetime,
) -> Proved:
    """The notice left: the SHA-256 of the text the school was shown, and the server's reply
    (``confirmed_by`` "smtp") or none (``confirmed_by`` "acknowledgment": the school used the
    link the message carried)."""
    payload = {
        "notice": str(notice.pk),
        "alert": str(notice.alert_id),
        "message_id": message.message_id,
        "to": message.to_email,
        "subject_sha256": _sha256(notice.subject),
        "body_sha256": _sha256(notice.body),
        "facts_sha256": _sha256(notice.facts),
        "smtp_code": code,
        "smtp_reply": reply,
        "confirmed_by": confirmed_by,
        "sent_at": sent_at.isoformat(),
    }
    return Proved(append(kind=ProofKind.NOTICE_SENT, payload=payload, alert=notice.alert), payload)


def notice_acknowledged(*, notice: Notice, name: str, role: str, at: datetime) -> Proved:
    """Who at the school acknowledged the notice, and when."""
    payload = {
        "notice": str(notice.pk),
        "alert": str(notice.alert_id),
        "name": name,
        "role": role,
        "acknowledged_at": at.isoformat(),
    }
    return Proved(
        append(kind=ProofKind.NOTICE_ACKNOWLEDGED, payload=payload, alert=notice.alert), payload
    )
