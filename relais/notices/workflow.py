"""The workflows of notices, outbox messages and escalation proposals, as data.

Each table lists every allowed move: from-state, event, to-state, who may trigger it (the audit
row's actor kind), the audit action it writes (None: written elsewhere, or not at all) and the
proof kind that proves it (None: not proved). ``move`` is the only code that writes these states;
it refuses any move the table does not hold, and a proved move without its entry of that kind
(appended first by relais/notices/proof_events.py, in the same transaction). Adding a status is
adding its choice in models.py and its rows here (tests/notices/test_workflows.py walks every row
and every illegal pair). The generic part (Move, IllegalMove, find, move, Workflows) is
relais/lib/workflow.py.

Outbox moves write no audit row: each attempt is recorded in its own OutboxAttempt row, and what
an outcome means for the notice is audited by relais.notices.effects.
"""

from __future__ import annotations

from django.db import models

from relais.audit.models import ActorKind, AuditAction
from relais.lib import workflow as generic
from relais.lib.workflow import IllegalMove as IllegalMove
from relais.lib.workflow import Move as Move
from relais.notices.models import (
    EscalationProposal,
    EscalationState,
    Notice,
    NoticeState,
    OutboxMessage,
    OutboxState,
)
from relais.proofs.kinds import ProofKind

STAFF, SYSTEM, SCHOOL = ActorKind.STAFF, ActorKind.SYSTEM, ActorKind.SCHOOL


NOTICE_MOVES = (
    Move(NoticeState.DRAFT, "queue", NoticeState.QUEUED, STAFF, audit=AuditAction.NOTICE_QUEUED),
    # Sent means the SMTP server accepted it, or the school used the link it carried: the worker
    # records either, as the system, in the transaction of the "notice.sent" proof entry.
    *(
        Move(
            source, "sent", NoticeState.SENT, SYSTEM, AuditAction.NOTICE_SENT, ProofKind.NOTICE_SENT
        )
        for source in (NoticeState.QUEUED, NoticeState.FAILED)
    ),
    # Audited by relais.notices.effects.failed, for every kind of message alike.
    Move(NoticeState.QUEUED, "failed", NoticeState.FAILED, SYSTEM),
    Move(NoticeState.FAILED, "resend", NoticeState.QUEUED, STAFF, audit=AuditAction.NOTICE_RESENT),
    # An outcome unknown leaves the notice queued; sending it again keeps it there.
    Move(NoticeState.QUEUED, "resend", NoticeState.QUEUED, STAFF, audit=AuditAction.NOTICE_RESENT),
    Move(
        NoticeState.SENT,
        "acknowledged",
        NoticeState.ACKNOWLEDGED,
        SCHOOL,
        AuditAction.NOTICE_ACKNOWLEDGED,
        ProofKind.NOTICE_ACKNOWLEDGED,
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
    # The school withdrew what the e-mail carries before it left (relais.notices.queue.withdraw).
    Move(OutboxState.QUEUED, "cancel", OutboxState.CANCELLED, SCHOOL),
    # An administrator withdrew a school's invitation from the admin: its own event, since a
    # (state, event) pair has one actor kind.
    Move(OutboxState.QUEUED, "withdraw", OutboxState.CANCELLED, STAFF),
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
        audit=AuditAction.ESCALATION_QUEUED,
    ),
    # Sent means the SMTP server accepted the escalation e-mail.
    Move(
        EscalationState.QUEUED,
        "sent",
        EscalationState.SENT,
        SYSTEM,
        audit=AuditAction.ESCALATION_SENT,
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


_WORKFLOWS = generic.Workflows(TABLES)
find = _WORKFLOWS.find
# Apply one move: write the state (and ``changes``) and its audit row on ``audit_on`` (the alert),
# in the caller's transaction. A proved move needs ``proof``, the entry of its kind that the app's
# proof_events appended in this transaction.
move = _WORKFLOWS.move
