"""The workflows of notices, outbox messages and escalation proposals, as data.

Each table lists every allowed move: from-state, event, to-state, who may trigger it (the audit
row's actor kind), the audit action it writes and the proof kind it appends (None: written
elsewhere, or not at all). ``move`` is the only code that writes these states; it refuses any
move the table does not hold. Adding a status is adding its choice in models.py and its rows here
(tests/notices/test_workflows.py walks every row and every illegal pair).

Outbox moves write no audit row: each attempt is recorded in its own OutboxAttempt row, and what
an outcome means for the notice is audited by relais.notices.effects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models, transaction

from relais.audit.services import record
from relais.notices.models import (
    EscalationProposal,
    EscalationState,
    Notice,
    NoticeState,
    OutboxMessage,
    OutboxState,
)
from relais.proofs.models import ProofEntry
from relais.proofs.services import append

STAFF, SYSTEM, SCHOOL = "staff", "system", "school"


@dataclass(frozen=True)
class Move:
    source: str
    event: str
    target: str
    by: str
    audit: str | None = None
    proof: str | None = None


NOTICE_MOVES = (
    Move(NoticeState.DRAFT, "queue", NoticeState.QUEUED, STAFF, audit="notice.queued"),
    # Sent means the SMTP server accepted it, or the school used the link it carried: the worker
    # records either, as the system, in the transaction of the "notice.sent" proof entry.
    Move(NoticeState.QUEUED, "sent", NoticeState.SENT, SYSTEM, "notice.sent", "notice.sent"),
    Move(NoticeState.FAILED, "sent", NoticeState.SENT, SYSTEM, "notice.sent", "notice.sent"),
    # Audited by relais.notices.effects.failed, for every kind of message alike.
    Move(NoticeState.QUEUED, "failed", NoticeState.FAILED, SYSTEM),
    Move(NoticeState.FAILED, "resend", NoticeState.QUEUED, STAFF, audit="notice.resent"),
    # An outcome unknown leaves the notice queued; sending it again keeps it there.
    Move(NoticeState.QUEUED, "resend", NoticeState.QUEUED, STAFF, audit="notice.resent"),
    Move(
        NoticeState.SENT,
        "acknowledged",
        NoticeState.ACKNOWLEDGED,
        SCHOOL,
        "notice.acknowledged",
        "notice.acknowledged",
    ),
)

OUTBOX_MOVES = (
    Move(OutboxState.QUEUED, "claim", OutboxState.SENDING, SYSTEM),
    Move(OutboxState.SENDING, "accepted", OutboxState.SENT, SYSTEM),
    Move(OutboxState.SENDING, "deferred", OutboxState.QUEUED, SYSTEM),
    Move(OutboxState.SENDING, "rejected", OutboxState.FAILED, SYSTEM),
    Move(OutboxState.SENDING, "unknown", OutboxState.UNKNOWN, SYSTEM),
    Move(OutboxState.UNKNOWN, "requeue", OutboxState.QUEUED, STAFF),
    Move(OutboxState.FAILED, "requeue", OutboxState.QUEUED, STAFF),
    # The school used a link this message carried: it arrived, whatever its attempts said.
    *(
        Move(source, "delivered", OutboxState.SENT, SYSTEM)
        for source in (
            OutboxState.QUEUED,
            OutboxState.SENDING,
            OutboxState.UNKNOWN,
            OutboxState.FAILED,
        )
    ),
)

ESCALATION_MOVES = (
    Move(
        EscalationState.PROPOSED,
        "queue",
        EscalationState.QUEUED,
        STAFF,
        audit="notice.escalation_queued",
    ),
    # Sent means the SMTP server accepted the escalation e-mail.
    Move(
        EscalationState.QUEUED,
        "sent",
        EscalationState.SENT,
        SYSTEM,
        audit="notice.escalation_sent",
    ),
)

TABLES: dict[type[models.Model], tuple[Move, ...]] = {
    Notice: NOTICE_MOVES,
    OutboxMessage: OUTBOX_MOVES,
    EscalationProposal: ESCALATION_MOVES,
}

STATES: dict[type[models.Model], type[models.TextChoices]] = {
    Notice: NoticeState,
    OutboxMessage: OutboxState,
    EscalationProposal: EscalationState,
}

# Statuses that record an event: reached only by the event's move, never by a person.
EVENT_ONLY = {
    Notice: frozenset({NoticeState.SENT, NoticeState.ACKNOWLEDGED}),
    OutboxMessage: frozenset({OutboxState.SENT}),
    EscalationProposal: frozenset({EscalationState.SENT}),
}


class IllegalMove(Exception):
    """A move its workflow's table does not hold: a bug in the caller, never a user's error."""


def find(model: type[models.Model], source: str, event: str, by: str) -> Move:
    for step in TABLES[model]:
        if (step.source, step.event) == (source, event):
            if step.by != by:
                raise IllegalMove(
                    f"{model.__name__}: {event!r} from {source!r} is for {step.by}, not {by}"
                )
            return step
    raise IllegalMove(f"{model.__name__}: no move {event!r} from state {source!r}")


def move(
    obj: Notice | OutboxMessage | EscalationProposal,
    event: str,
    *,
    by: str,
    actor: Any = None,
    audit_on: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    payload: dict[str, Any] | None = None,
    **details: Any,
) -> ProofEntry | None:
    """Apply one move: write the state (and ``changes``), its audit row on ``audit_on`` (the
    alert) and its proof entry with ``payload``, in the caller's transaction. Returns the entry.
    """
    step = find(type(obj), obj.state, event, by)
    if transaction.get_autocommit():
        raise IllegalMove("a move runs inside the transaction of the event it records")
    changes = changes or {}
    obj.state = step.target
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.save(update_fields=["state", *changes, "updated_at"])
    entry = None
    if step.proof is not None:
        assert payload is not None and audit_on is not None, "a proved move needs its payload"
        entry = append(kind=step.proof, payload=payload, alert=audit_on)
    if step.audit is not None:
        assert audit_on is not None, "an audited move needs the alert it is about"
        record(actor=actor, actor_kind=by, action=step.audit, obj=audit_on, **details)
    return entry
