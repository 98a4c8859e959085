"""What became of a case's escalation e-mail (relais/cases/escalations.py `send_escalation`):
the outbox calls `record_outcome` in the transaction that records the authority's server's reply
(relais/notices/effects.py; registered in relais/cases/apps.py). It writes the case's audit row
`case.escalation_delivered`, `case.escalation_failed` or `case.escalation_unknown`; the alert page
reads the outcome from the e-mail itself (`CaseStep.escalation_message`)."""

from __future__ import annotations

from typing import Any

from relais.audit.models import ActorKind, AuditAction
from relais.audit.services import record
from relais.cases.models import Case, CaseStep
from relais.notices.models import OutboxAttempt, OutboxMessage, OutboxState

ACTIONS = {
    OutboxState.SENT: AuditAction.CASE_ESCALATION_DELIVERED,
    OutboxState.FAILED: AuditAction.CASE_ESCALATION_FAILED,
    OutboxState.UNKNOWN: AuditAction.CASE_ESCALATION_UNKNOWN,
}


def record_outcome(message: OutboxMessage, attempt: OutboxAttempt) -> None:
    """One audit row on each case whose steps ``message`` carried (one case: an escalation is
    sent per case). An e-mail no step names (sent before the steps named theirs) is left alone."""
    if message.state not in ACTIONS:
        return
    keys: dict[Any, list[str]] = {}
    for case_id, key in (
        CaseStep.objects.filter(escalation_message=message)
        .order_by("case_id", "due_at", "key")
        .values_list("case_id", "key")
    ):
        keys.setdefault(case_id, []).append(key)
    for case in Case.objects.filter(pk__in=keys).order_by("pk"):
        record(
            actor=None,
            actor_kind=ActorKind.SYSTEM,
            action=ACTIONS[OutboxState(message.state)],
            obj=case,
            steps=keys[case.pk],
            message_id=message.message_id,
            smtp_code=attempt.smtp_code,
            smtp_reply=attempt.smtp_reply[:300],
        )
