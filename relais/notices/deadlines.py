"""Deadlines of a notice: a reminder after the jurisdiction's ack_days without acknowledgment,
then an escalation proposed to the case worker after its escalation_days, sent only with the
reporter's consent. The school is told the same figures in the notice (texts.py).
``check_deadlines`` runs from the worker loop and from ``relais check_deadlines``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.alerts.models import Alert
from relais.audit.models import ActorKind, AuditAction
from relais.audit.services import record
from relais.notices import compose, queue, workflow
from relais.notices.models import (
    EscalationProposal,
    EscalationState,
    Notice,
    NoticeState,
    OutboxKind,
    OutboxMessage,
    OutboxState,
)
from relais.notices.texts import all_texts, texts_for


@dataclass(frozen=True)
class Report:
    reminders: int
    proposals: int


def _reminder_after(jurisdiction: str) -> timedelta:
    return timedelta(days=texts_for(jurisdiction).ack_days)


def _escalation_after(jurisdiction: str) -> timedelta:
    return timedelta(days=texts_for(jurisdiction).escalation_days)


def check_deadlines(*, now: datetime | None = None) -> Report:
    """Queue the reminders and propose the escalations that are due. Idempotent."""
    now = now or timezone.now()
    reminders = proposals = 0
    for code in all_texts():
        due = Notice.objects.filter(state=NoticeState.SENT, jurisdiction=code)
        for pk in due.filter(
            sent_at__lte=now - _reminder_after(code), reminder_queued_at__isnull=True
        ).values_list("pk", flat=True):
            reminders += _queue_reminder(pk, now)
        for pk in due.filter(
            sent_at__lte=now - _escalation_after(code), escalation__isnull=True
        ).values_list("pk", flat=True):
            proposals += _propose_escalation(pk, now)
    return Report(reminders=reminders, proposals=proposals)


def _queue_reminder(pk: Any, now: datetime) -> int:
    with transaction.atomic():
        notice = Notice.objects.select_for_update().select_related("alert__school").get(pk=pk)
        if notice.state != NoticeState.SENT or notice.reminder_queued_at is not None:
            return 0
        school = notice.alert.school
        subject, body = compose.reminder_email(notice)
        from_name, reply_to = compose.sender(notice.alert)
        queue.queue_message(
            kind=OutboxKind.REMINDER,
            to=school.direction_email,
            subject=subject,
            body=body,
            notice=notice,
            from_name=from_name,
            reply_to=reply_to,
        )
        notice.reminder_queued_at = now
        notice.save(update_fields=["reminder_queued_at", "updated_at"])
        record(
            actor=None,
            actor_kind=ActorKind.SYSTEM,
            action=AuditAction.REMINDER_QUEUED,
            obj=notice.alert,
            notice=str(notice.pk),
        )
    return 1


def _propose_escalation(pk: Any, now: datetime) -> int:
    with transaction.atomic():
        notice = Notice.objects.select_for_update().select_related("alert__school").get(pk=pk)
        if EscalationProposal.objects.filter(notice=notice).exists():
            return 0
        school = notice.alert.school
        EscalationProposal.objects.create(
            notice=notice, authority=school.authority, to_email=school.authority_email
        )
        record(
            actor=None,
            actor_kind=ActorKind.SYSTEM,
            action=AuditAction.ESCALATION_PROPOSED,
            obj=notice.alert,
            notice=str(notice.pk),
        )
    return 1


def send_escalation(*, proposal: EscalationProposal, actor: Any) -> OutboxMessage:
    """The case worker sends the proposed escalation; only with the reporter's consent."""
    with transaction.atomic():
        proposal = (
            EscalationProposal.objects.select_for_update()
            .select_related("notice__alert__school")
            .get(pk=proposal.pk)
        )
        notice = proposal.notice
        alert = Alert.objects.select_for_update().get(pk=notice.alert_id)
        if proposal.state != EscalationState.PROPOSED:
            raise ValidationError(_("This escalation has already been sent."), code="state")
        if not alert.consent_escalation:
            raise ValidationError(
                _(
                    "The reporter has not consented to escalation. Ask them in the mailbox; "
                    "the escalation can be sent once they agree."
                ),
                code="consent",
            )
        if notice.state == NoticeState.ACKNOWLEDGED:
            raise ValidationError(_("The school has acknowledged the notice meanwhile."))
        # The school's record as it is now: an address the administrator added after the
        # proposal is the one to use (the proposal keeps what was actually sent).
        school = notice.alert.school
        school.refresh_from_db(fields=["authority", "authority_email"])
        if not school.authority_email:
            raise ValidationError(
                _(
                    "The school's record has no e-mail address for its authority: ask the "
                    "platform administrator to add it, then send."
                ),
                code="no_address",
            )
        proposal.authority = school.authority
        proposal.to_email = school.authority_email
        subject, body = compose.escalation_email(notice)
        from_name, reply_to = compose.sender(alert)
        message = queue.queue_message(
            kind=OutboxKind.ESCALATION,
            to=proposal.to_email,
            subject=subject,
            body=body,
            notice=notice,
            from_name=from_name,
            reply_to=reply_to,
        )
        proposal.save(update_fields=["authority", "to_email", "updated_at"])
        workflow.move(
            proposal,
            "queue",
            by=workflow.STAFF,
            actor=actor,
            audit_on=alert,
            changes={"decided_by": actor, "queued_at": timezone.now(), "message": message},
            notice=str(notice.pk),
        )
    return message


@dataclass(frozen=True)
class NoticeDates:
    """The dates a reporter's mailbox shows. None: not yet (or not applicable)."""

    queued_at: datetime | None
    sent_at: datetime | None
    acknowledged_at: datetime | None
    reminder_due_at: datetime | None
    reminder_sent_at: datetime | None
    escalation_due_at: datetime | None
    escalation_proposed_at: datetime | None
    escalation_sent_at: datetime | None


def notice_dates_for(alert: Alert) -> NoticeDates | None:
    """Dates of the alert's latest notice that left (or is leaving); None when there is none."""
    notice = (
        Notice.objects.filter(alert=alert)
        .exclude(state=NoticeState.DRAFT)
        .order_by("-created_at")
        .first()
    )
    if notice is None:
        return None
    sent = {
        m.kind: m.sent_at
        for m in OutboxMessage.objects.filter(notice=notice, state=OutboxState.SENT)
    }
    proposal = EscalationProposal.objects.filter(notice=notice).first()
    code = notice.jurisdiction or alert.school.jurisdiction
    waiting = notice.sent_at is not None and notice.acknowledged_at is None
    return NoticeDates(
        queued_at=notice.queued_at,
        sent_at=notice.sent_at,
        acknowledged_at=notice.acknowledged_at,
        reminder_due_at=(
            notice.sent_at + _reminder_after(code) if waiting and notice.sent_at else None
        ),
        reminder_sent_at=sent.get(OutboxKind.REMINDER),
        escalation_due_at=(
            notice.sent_at + _escalation_after(code) if waiting and notice.sent_at else None
        ),
        escalation_proposed_at=proposal.created_at if proposal else None,
        escalation_sent_at=sent.get(OutboxKind.ESCALATION),
    )
