"""The workflows of cases and referrals, as data (relais/lib/workflow.py applies them).

Each table lists every allowed move: from-state, event, to-state, who may trigger it (the audit
row's actor kind), the audit action it writes and the proof kind that proves it. ``move`` is the
only code that writes these states; tests/cases/test_workflows.py walks every row and every
illegal pair.

A case is opened by a service (relais.cases.services.open_case), not by a move: it starts open.
A referral starts sent (relais/cases/referrals.py); the relay answers it (accepted, refused, then
done) and the school may revoke it while it is sent or accepted. Every answer is proved
(referral.answered): the family and the association may rely on what a relay said and when.
"""

from __future__ import annotations

from django.db import models

from relais.audit.models import ActorKind, AuditAction
from relais.cases.models import Case, CaseState, Referral, ReferralState
from relais.lib import workflow as generic
from relais.lib.workflow import IllegalMove as IllegalMove
from relais.lib.workflow import Move as Move
from relais.proofs.kinds import ProofKind

STAFF, SYSTEM, SCHOOL, RELAY = ActorKind.STAFF, ActorKind.SYSTEM, ActorKind.SCHOOL, ActorKind.RELAY

CASE_MOVES = (
    Move(
        CaseState.OPEN,
        "close",
        CaseState.CLOSED,
        SCHOOL,
        audit=AuditAction.CASE_CLOSED,
        proof=ProofKind.CASE_CLOSED,
    ),
)

REFERRAL_MOVES = (
    Move(
        ReferralState.SENT,
        "accept",
        ReferralState.ACCEPTED,
        RELAY,
        AuditAction.REFERRAL_ACCEPTED,
        ProofKind.REFERRAL_ANSWERED,
    ),
    Move(
        ReferralState.SENT,
        "refuse",
        ReferralState.REFUSED,
        RELAY,
        AuditAction.REFERRAL_REFUSED,
        ProofKind.REFERRAL_ANSWERED,
    ),
    Move(
        ReferralState.ACCEPTED,
        "done",
        ReferralState.DONE,
        RELAY,
        AuditAction.REFERRAL_DONE,
        ProofKind.REFERRAL_ANSWERED,
    ),
    # The school withdraws what it asked, before the relay has finished.
    *(
        Move(
            source,
            "revoke",
            ReferralState.REVOKED,
            SCHOOL,
            AuditAction.REFERRAL_REVOKED,
            ProofKind.REFERRAL_ANSWERED,
        )
        for source in (ReferralState.SENT, ReferralState.ACCEPTED)
    ),
)

TABLES: dict[type[models.Model], tuple[Move, ...]] = {
    Case: CASE_MOVES,
    Referral: REFERRAL_MOVES,
}

STATES: dict[type[models.Model], type[models.TextChoices]] = {
    Case: CaseState,
    Referral: ReferralState,
}


_WORKFLOWS = generic.Workflows(TABLES)
find = _WORKFLOWS.find
# Apply one move: write the state (and ``changes``) and its audit row on ``audit_on`` (the case,
# or the referral), in the caller's transaction. Every move here is proved: ``proof`` is the entry
# relais/cases/proof_events.py appended in this transaction.
move = _WORKFLOWS.move
