"""What the outcome of an e-mail means for its notice: called inside the outbox's transaction.

A notice accepted by the SMTP server appends the "notice.sent" proof entry and moves the alert to
"notice sent" in the same transaction that records the server's reply.
"""

from __future__ import annotations

import hashlib

from django.utils import timezone

from relais.alerts.models import Alert
from relais.alerts.services import move_alert
from relais.alerts.workflow import Status, allowed
from relais.audit.services import record
from relais.notices import workflow
from relais.notices.models import (
    Notice,
    NoticeState,
    OutboxAttempt,
    OutboxKind,
    OutboxMessage,
)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _action(kind: str, what: str) -> str:
    """notice.failed, notice.reminder_failed, notice.escalation_unknown..."""
    return f"notice.{what}" if kind == OutboxKind.NOTICE else f"notice.{kind}_{what}"


def _audit(alert: Alert, action: str, **details: object) -> None:
    record(actor=None, actor_kind="system", action=action, obj=alert, **details)


def mark_notice_sent(
    *, notice: Notice, message: OutboxMessage, code: int | None, reply: str, confirmed_by: str
) -> None:
    """The notice left: proof entry, notice state and alert status, in the caller's transaction.

    ``confirmed_by`` is "smtp" (the server's reply to DATA) or "acknowledgment" (the outcome of
    the attempt was unknown, and the school used the link the message carried).
    """
    alert = notice.alert
    sent_at = message.sent_at or timezone.now()
    payload = {
        "notice": str(notice.pk),
        "alert": str(alert.pk),
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
    # Kept with the notice: the school's receipt carries the entry and, as its opening, the
    # payload (the SHA-256 of the text it was shown, and the server's reply).
    entry = workflow.move(
        notice,
        "sent",
        by=workflow.SYSTEM,
        audit_on=alert,
        changes={"sent_at": sent_at, "sent_payload": payload},
        payload=payload,
        notice=str(notice.pk),
        message_id=message.message_id,
        smtp_code=code,
        smtp_reply=reply[:300],
        confirmed_by=confirmed_by,
    )
    notice.sent_entry = entry
    notice.save(update_fields=["sent_entry", "updated_at"])
    current = Alert.objects.only("status").get(pk=alert.pk).status
    if allowed(current, Status.NOTICE_SENT):
        move_alert(
            alert=alert,
            to=Status.NOTICE_SENT,
            actor=None,
            actor_kind="system",
            event="notice.sent",
        )


def accepted(*, message: OutboxMessage, attempt: OutboxAttempt) -> None:
    notice = message.notice
    if notice is None:
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
            notice.alert, "notice.reminder_sent", notice=str(notice.pk), smtp_code=attempt.smtp_code
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
        return
    if message.kind == OutboxKind.NOTICE and notice.state == NoticeState.QUEUED:
        workflow.move(notice, "failed", by=workflow.SYSTEM)
    _audit(
        notice.alert,
        _action(message.kind, "failed"),
        notice=str(notice.pk),
        smtp_code=attempt.smtp_code,
        smtp_reply=attempt.smtp_reply[:300],
    )


def unknown(*, message: OutboxMessage, attempt: OutboxAttempt) -> None:
    notice = message.notice
    if notice is None:
        return
    _audit(notice.alert, _action(message.kind, "unknown"), notice=str(notice.pk))
