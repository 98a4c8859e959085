"""What the outcome of an e-mail means for its notice: called inside the outbox's transaction.

A notice accepted by the SMTP server appends the "notice.sent" proof entry and moves the alert to
"notice sent" in the same transaction that records the server's reply.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from relais.alerts.models import Alert
from relais.alerts.services import move_alert
from relais.alerts.workflow import Status, allowed
from relais.audit.models import ActorKind, AuditAction
from relais.audit.services import record
from relais.notices import proof_events, workflow
from relais.notices.models import (
    Notice,
    NoticeState,
    OutboxAttempt,
    OutboxKind,
    OutboxMessage,
)
from relais.proofs.kinds import ProofKind

# The audit action of each outcome, by kind of message. Staff e-mails (OutboxKind.STAFF) concern
# no notice and are not audited.
FAILED = {
    OutboxKind.NOTICE: AuditAction.NOTICE_FAILED,
    OutboxKind.REMINDER: AuditAction.REMINDER_FAILED,
    OutboxKind.ESCALATION: AuditAction.ESCALATION_FAILED,
}
UNKNOWN = {
    OutboxKind.NOTICE: AuditAction.NOTICE_UNKNOWN,
    OutboxKind.REMINDER: AuditAction.REMINDER_UNKNOWN,
    OutboxKind.ESCALATION: AuditAction.ESCALATION_UNKNOWN,
}


# What an outcome means for a message that concerns no notice (a case's escalation), by kind: the
# app that sends it registers a handler in its AppConfig.ready, as it registers a link minter with
# the outbox. It runs in the outbox's transaction and reads the outcome from ``message.state``.
OutcomeHandler = Callable[[OutboxMessage, OutboxAttempt], None]
WITHOUT_NOTICE: dict[str, OutcomeHandler] = {}


def register_outcome(kind: str, handler: OutcomeHandler) -> None:
    WITHOUT_NOTICE[kind] = handler


def _without_notice(message: OutboxMessage, attempt: OutboxAttempt) -> None:
    handler = WITHOUT_NOTICE.get(message.kind)
    if handler is not None:
        handler(message, attempt)


def _audit(alert: Alert, action: AuditAction, **details: object) -> None:
    record(actor=None, actor_kind=ActorKind.SYSTEM, action=action, obj=alert, **details)


def mark_notice_sent(
    *, notice: Notice, message: OutboxMessage, code: int | None, reply: str, confirmed_by: str
) -> None:
    """The notice left: proof entry, notice state and alert status, in the caller's transaction.

    ``confirmed_by`` is "smtp" (the server's reply to DATA) or "acknowledgment" (the outcome of
    the attempt was unknown, and the school used the link the message carried).
    """
    alert = notice.alert
    sent_at = message.sent_at or timezone.now()
    proved = proof_events.notice_sent(
        notice=notice,
        message=message,
        code=code,
        reply=reply,
        confirmed_by=confirmed_by,
        sent_at=sent_at,
    )
    # Kept with the notice: the school's receipt carries the entry and, as its opening, the
    # payload (the SHA-256 of the text it was shown, and the server's reply).
    workflow.move(
        notice,
        "sent",
        by=workflow.SYSTEM,
        audit_on=alert,
        changes={"sent_at": sent_at, "sent_payload": proved.payload, "sent_entry": proved.entry},
        proof=proved.entry,
        notice=str(notice.pk),
        message_id=message.message_id,
        smtp_code=code,
        smtp_reply=reply[:300],
        confirmed_by=confirmed_by,
    )
    current = Alert.objects.only("status").get(pk=alert.pk).status
    if allowed(current, Status.NOTICE_SENT):
        move_alert(
            alert=alert,
            to=Status.NOTICE_SENT,
            actor=None,
            actor_kind=ActorKind.SYSTEM,
            event=ProofKind.NOTICE_SENT,
        )


def accepted(*, message: OutboxMessage, attempt: OutboxAttempt) -> None:
    notice = message.notice
    if notice is None:
        _without_notice(message, attempt)
        return
    if message.kind == OutboxKind.NOTICE:
        mark_notice_sent(
            notice=notice,
            message=message,
            code=attempt.smtp_code,
            reply=attempt.smtp_reply,
            confirmed_by="smtp",
        )
    elif message.kind == OutboxKind.REMINDER:
        _audit(
            notice.alert,
            AuditAction.REMINDER_SENT,
            notice=str(notice.pk),
            smtp_code=attempt.smtp_code,
        )
    elif message.kind == OutboxKind.ESCALATION:
        workflow.move(
            notice.escalation,
            "sent",
            by=workflow.SYSTEM,
            audit_on=notice.alert,
            notice=str(notice.pk),
            smtp_code=attempt.smtp_code,
        )


def failed(*, message: OutboxMessage, attempt: OutboxAttempt) -> None:
    notice = message.notice
    if notice is None:
        _without_notice(message, attempt)
        return
    if message.kind == OutboxKind.NOTICE and notice.state == NoticeState.QUEUED:
        workflow.move(notice, "failed", by=workflow.SYSTEM)
    _audit(
        notice.alert,
        FAILED[OutboxKind(message.kind)],
        notice=str(notice.pk),
        smtp_code=attempt.smtp_code,
        smtp_reply=attempt.smtp_reply[:300],
    )


def unknown(*, message: OutboxMessage, attempt: OutboxAttempt) -> None:
    notice = message.notice
    if notice is None:
        _without_notice(message, attempt)
        return
    _audit(notice.alert, UNKNOWN[OutboxKind(message.kind)], notice=str(notice.pk))
