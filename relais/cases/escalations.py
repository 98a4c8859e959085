"""What the deadline sweep (relais/cases/deadlines.py) leaves for people to see and decide:

- `overdue_summary(case)`: the school's case page shows its overdue steps, when each was reminded
  and whether escalation was proposed, and its overdue referrals;
- `escalations_for_alert(alert)`: the association's alert page shows, for each case gathering the
  alert, the steps that propose escalation, and whether it can be sent;
- `send_escalation(...)`: a case worker sends it to the school's authority (the pouvoir
  organisateur, the académie) through the outbox: only with the reporter's consent, as the
  notices' escalation (relais/notices/deadlines.py), and from the same sender (the organisation).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from relais.alerts.models import Alert
from relais.audit.models import AuditAction
from relais.audit.services import record
from relais.cases.emails import Line, due_words, escalation_email, step_title
from relais.cases.marks import NONE, Marks, marks_for, proposing_escalation
from relais.cases.models import Case, CaseAlert, CaseState, CaseStep, Referral, ReferralState
from relais.cases.services import CaseError
from relais.notices import compose
from relais.notices.models import OutboxKind, OutboxMessage
from relais.notices.queue import queue_message


@dataclass(frozen=True)
class OverdueStep:
    key: str
    title: str  # in the reader's language
    due_at: datetime
    reminded_at: datetime | None
    escalation_proposed_at: datetime | None
    escalation_sent_at: datetime | None

    @classmethod
    def of(cls, row: CaseStep, protocol: str, marks: Marks) -> OverdueStep:
        assert row.due_at is not None
        return cls(
            key=row.key,
            title=step_title(protocol, row.key, language=_language()),
            due_at=row.due_at,
            reminded_at=marks.reminded_at,
            escalation_proposed_at=marks.escalation_proposed_at,
            escalation_sent_at=row.escalation_sent_at,
        )


def _language() -> str:
    return (get_language() or "fr")[:2]


@dataclass(frozen=True)
class OverdueSummary:
    steps: list[OverdueStep] = field(default_factory=list)  # oldest due first
    referrals: list[Referral] = field(default_factory=list)  # still sent, past answer_by

    @property
    def proposed(self) -> list[OverdueStep]:
        return [s for s in self.steps if s.escalation_proposed_at is not None]


def overdue_summary(case: Case, *, now: datetime | None = None) -> OverdueSummary:
    """The case's open steps past their due date, when the sweep reminded each and proposed
    escalation, and its referrals past their answer date (three queries). A closed case has
    none."""
    if case.state != CaseState.OPEN:
        return OverdueSummary()
    now = now or timezone.now()
    rows = list(
        CaseStep.objects.filter(case=case, done_at__isnull=True, due_at__lt=now).order_by(
            "due_at", "key"
        )
    )
    marks = marks_for(rows)
    referrals = (
        Referral.objects.filter(case=case, state=ReferralState.SENT, answer_by__lt=now)
        .select_related("service")
        .order_by("answer_by")
    )
    return OverdueSummary(
        steps=[OverdueStep.of(row, case.protocol, marks.get(row.pk, NONE)) for row in rows],
        referrals=list(referrals),
    )


@dataclass(frozen=True)
class CaseEscalation:
    """One case gathering the alert whose steps propose escalation, as a case worker sees it."""

    case: Case
    waiting: list[OverdueStep]  # proposed, not sent, still open
    sent: list[OverdueStep]
    consent: bool
    authority: str
    authority_email: str

    @property
    def sendable(self) -> bool:
        return bool(self.waiting and self.consent and self.authority_email)

    @property
    def why_not(self) -> str:
        """Why it cannot be sent now, in the reader's words ("" when it can, or nothing waits)."""
        if not self.waiting:
            return ""
        if not self.consent:
            return _(
                "The reporter has not consented to escalation. Ask them in the mailbox; "
                "the escalation can be sent once they agree."
            )
        if not self.authority_email:
            return _("The school's record has no e-mail address for its authority; add it first.")
        return ""


def escalations_for_alert(alert: Alert) -> list[CaseEscalation]:
    """Every open case gathering ``alert`` with a step that proposed escalation (two queries:
    the steps, then when the sweep proposed them)."""
    rows = list(
        CaseStep.objects.filter(
            Q(escalation_sent_at__isnull=False) | proposing_escalation(),
            case__links__alert=alert,
            case__state=CaseState.OPEN,
        )
        .select_related("case__school")
        .order_by("case__opened_at", "case_id", "due_at", "key")
    )
    marks = marks_for(rows)
    by_case: dict[Any, tuple[Case, list[OverdueStep], list[OverdueStep]]] = {}
    for row in rows:
        case, waiting, sent = by_case.setdefault(row.case_id, (row.case, [], []))
        if row.escalation_sent_at is not None:
            sent.append(OverdueStep.of(row, case.protocol, marks.get(row.pk, NONE)))
        elif row.done_at is None:
            waiting.append(OverdueStep.of(row, case.protocol, marks.get(row.pk, NONE)))
    return [
        CaseEscalation(
            case=case,
            waiting=waiting,
            sent=sent,
            consent=alert.consent_escalation,
            authority=case.school.authority,
            authority_email=case.school.authority_email,
        )
        for case, waiting, sent in by_case.values()
        if waiting or sent
    ]


def send_escalation(*, case: Case, alert: Alert, actor: Any) -> OutboxMessage:
    """The case worker sends the steps that propose escalation to the school's authority, in one
    e-mail through the outbox; only with the reporter's consent. The caller has checked that
    ``actor`` handles ``alert`` (relais.alerts.access.get_alert_for)."""
    now = timezone.now()
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).select_related("school").get(pk=case.pk)
        if not CaseAlert.objects.filter(case=case, alert=alert).exists():
            raise CaseError(_("This case does not gather this alert."))
        alert = (
            Alert.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .get(pk=alert.pk)
        )
        if case.state != CaseState.OPEN:
            raise CaseError(_("The case is closed: there is nothing left to escalate."))
        steps = list(
            CaseStep.objects.select_for_update()
            .filter(proposing_escalation(), case=case, escalation_sent_at__isnull=True)
            .order_by("due_at", "key")
        )
        if not steps:
            raise CaseError(
                _("No escalation is waiting: the school has recorded the steps, or it was sent.")
            )
        if not alert.consent_escalation:
            raise CaseError(
                _(
                    "The reporter has not consented to escalation. Ask them in the mailbox; "
                    "the escalation can be sent once they agree."
                )
            )
        school = case.school
        if not school.authority_email:
            raise CaseError(
                _("The school's record has no e-mail address for its authority; add it first.")
            )
        organisation, reply_to = compose.sender(alert)
        subject, body = escalation_email(
            school=school.name,
            place=f"{school.name}, {school.city}" if school.city else school.name,
            case_number=case.number,
            organisation=alert.organisation.name if alert.organisation else "Relais",
            contact=compose.contact_lines(alert),
            lines=[
                Line(
                    case_number=case.number,
                    title=step_title(case.protocol, s.key),
                    due=due_words(school.jurisdiction, s.due_at),
                )
                for s in steps
                if s.due_at is not None
            ],
        )
        message = queue_message(
            kind=OutboxKind.ESCALATION,
            to=school.authority_email,
            subject=subject,
            body=body,
            from_name=organisation,
            reply_to=reply_to,
        )
        CaseStep.objects.filter(pk__in=[s.pk for s in steps]).update(
            escalation_sent_at=now, updated_at=now
        )
        record(
            actor=actor,
            action=AuditAction.CASE_ESCALATION_SENT,
            obj=case,
            alert=str(alert.pk),
            steps=[s.key for s in steps],
            message_id=message.message_id,
        )
    return message
