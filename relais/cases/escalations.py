"""What the deadline sweep (relais/cases/deadlines.py) leaves for people to see and decide:

- `overdue_summary(case)`: the school's case page shows its overdue steps, when each was reminded
  and whether escalation was proposed, and its overdue referrals;
- `escalations_for_alert(alert)`: the association's alert page shows, for each case gathering the
  alert, the steps that propose escalation, and whether it can be sent; and for each e-mail sent,
  what the authority's server answered (relais/cases/escalation_delivery.py audits it);
- `send_escalation(...)`: a case worker sends it to the school's authority (the pouvoir
  organisateur, the académie) through the outbox: only with the reporter's consent, as the
  notices' escalation (relais/notices/deadlines.py), and from the same sender (the organisation);
  the steps whose e-mail the server refused may be sent again, in a new e-mail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from relais.alerts.models import Alert
from relais.audit.models import AuditAction, AuditEvent
from relais.audit.services import object_type, record
from relais.cases.emails import Line, due_words, escalation_email, step_title
from relais.cases.marks import NONE, Marks, marks_for, proposing_escalation
from relais.cases.models import Case, CaseAlert, CaseState, CaseStep, Referral, ReferralState
from relais.cases.services import CaseError
from relais.notices import compose
from relais.notices.models import (
    AttemptOutcome,
    OutboxAttempt,
    OutboxKind,
    OutboxMessage,
    OutboxOutcome,
    OutboxState,
)
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


@dataclass
class SentEscalation(OutboxOutcome):
    """One e-mail of a case's escalation, and what the authority's server answered."""

    sent_at: datetime  # when the case worker sent it
    state: str  # the outbox's (OutboxState); "" for a step whose e-mail is not known
    delivered_at: datetime | None  # when the server accepted it
    code: int | None  # the server's last reply code
    reply: str  # the server's last reply, when it refused
    steps: list[str] = field(default_factory=list)  # their titles
    message_id: str = ""
    after_refusal: bool = False  # sent again in place of an e-mail the server refused


@dataclass(frozen=True)
class CaseEscalation:
    """One case gathering the alert whose steps propose escalation, as a case worker sees it."""

    case: Case
    waiting: list[OverdueStep]  # proposed, not sent, still open
    sent: list[OverdueStep]
    consent: bool
    authority: str
    authority_email: str
    emails: list[SentEscalation] = field(default_factory=list)  # the first sent first
    resend: list[OverdueStep] = field(default_factory=list)  # sent, refused, still open

    @property
    def sendable(self) -> bool:
        return bool((self.waiting or self.resend) and self.consent and self.authority_email)

    @property
    def why_not(self) -> str:
        """Why it cannot be sent now, in the reader's words ("" when it can, or nothing waits)."""
        if not (self.waiting or self.resend):
            return ""
        if not self.consent:
            return pgettext(
                "case escalation",
                "The reporter has not consented to escalation. Ask them in the mailbox; "
                "the escalation can be sent once they agree.",
            )
        if not self.authority_email:
            return _(
                "The school's record has no e-mail address for its authority: ask the "
                "platform administrator to add it, then send."
            )
        return ""


def escalations_for_alert(alert: Alert) -> list[CaseEscalation]:
    """Every open case gathering ``alert`` with a step that proposed escalation (two queries:
    the steps with their e-mail and its last reply code, then when the sweep proposed them; a
    third once an e-mail was sent: which ones replaced a refused one)."""
    last_code = (
        OutboxAttempt.objects.filter(message=OuterRef("escalation_message"))
        .exclude(outcome=AttemptOutcome.STARTED)
        .order_by("-number")
        .values("smtp_code")[:1]
    )
    rows = list(
        CaseStep.objects.filter(
            Q(escalation_sent_at__isnull=False) | proposing_escalation(),
            case__links__alert=alert,
            case__state=CaseState.OPEN,
        )
        .select_related("case__school", "escalation_message")
        .defer("escalation_message__body")
        .annotate(escalation_code=Subquery(last_code))
        .order_by("case__opened_at", "case_id", "due_at", "key")
    )
    marks = marks_for(rows)
    found: dict[Any, CaseEscalation] = {}
    emails: dict[Any, dict[Any, SentEscalation]] = {}
    for row in rows:
        case = row.case
        shown = found.get(case.pk)
        if shown is None:
            shown = found[case.pk] = CaseEscalation(
                case=case,
                waiting=[],
                sent=[],
                consent=alert.consent_escalation,
                authority=case.school.authority,
                authority_email=case.school.authority_email,
            )
        step = OverdueStep.of(row, case.protocol, marks.get(row.pk, NONE))
        if row.escalation_sent_at is not None:
            shown.sent.append(step)
            _sent_email(emails.setdefault(case.pk, {}), row).steps.append(step.title)
            message = row.escalation_message
            if message is not None and message.state == OutboxState.FAILED and not row.done_at:
                shown.resend.append(step)
        elif row.done_at is None:
            shown.waiting.append(step)
    _mark_resent(emails)
    for pk, shown in found.items():
        shown.emails.extend(sorted(emails.get(pk, {}).values(), key=lambda e: e.sent_at))
    return [shown for shown in found.values() if shown.waiting or shown.sent]


def _mark_resent(emails: dict[Any, dict[Any, SentEscalation]]) -> None:
    """Mark the e-mails sent again after a refusal: the refused one is no longer any step's, so
    the `case.escalation_resent` audit row (on the case, by its indexed object id) tells it."""
    by_id = {e.message_id: e for sent in emails.values() for e in sent.values() if e.message_id}
    if not by_id:
        return
    for message_id in AuditEvent.objects.filter(
        object_type=object_type(Case()),
        object_id__in=[str(pk) for pk in emails],
        action=AuditAction.CASE_ESCALATION_RESENT,
    ).values_list("details__message_id", flat=True):
        if message_id in by_id:
            by_id[message_id].after_refusal = True


def _sent_email(emails: dict[Any, SentEscalation], row: CaseStep) -> SentEscalation:
    """The e-mail that carried ``row`` (a step sent before e-mails were linked to their steps,
    and not linked since, is grouped by the moment it was sent, its outcome unknown to us)."""
    message = row.escalation_message
    assert row.escalation_sent_at is not None
    key = message.pk if message is not None else row.escalation_sent_at
    if key not in emails:
        emails[key] = SentEscalation(
            sent_at=row.escalation_sent_at,
            state=message.state if message is not None else "",
            delivered_at=message.sent_at if message is not None else None,
            code=getattr(row, "escalation_code", None),
            reply=message.last_error[:300] if message is not None else "",
            message_id=message.message_id if message is not None else "",
        )
    return emails[key]


def send_escalation(*, case: Case, alert: Alert, actor: Any) -> OutboxMessage:
    """The case worker sends the steps that propose escalation to the school's authority, in one
    e-mail through the outbox; only with the reporter's consent. The steps already sent whose
    e-mail the authority's server refused (still open, still proposing) go again, in this new
    e-mail, to the address on the school's record now (a refusal is often a wrong address,
    corrected meanwhile): audit `case.escalation_resent` with the refused e-mails' ids. The caller
    has checked that ``actor`` handles ``alert`` (relais.alerts.access.get_alert_for)."""
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
        # An e-mail the server refused is final (the outbox never retries it): the steps it
        # carried are waiting again. One that is queued, accepted or of unknown outcome is not.
        steps = list(
            CaseStep.objects.select_for_update(of=("self",))
            .filter(proposing_escalation(), case=case)
            .filter(
                Q(escalation_sent_at__isnull=True) | Q(escalation_message__state=OutboxState.FAILED)
            )
            .select_related("escalation_message")
            .defer("escalation_message__body")
            .order_by("due_at", "key")
        )
        if not steps:
            raise CaseError(
                _("No escalation is waiting: the school has recorded the steps, or it was sent.")
            )
        if not alert.consent_escalation:
            raise CaseError(
                pgettext(
                    "case escalation",
                    "The reporter has not consented to escalation. Ask them in the mailbox; "
                    "the escalation can be sent once they agree.",
                )
            )
        school = case.school
        if not school.authority_email:
            raise CaseError(
                _(
                    "The school's record has no e-mail address for its authority: ask the "
                    "platform administrator to add it, then send."
                )
            )
        organisation, reply_to = compose.sender(alert)
        # The e-mail says the school was reminded only if its mail server accepted every step's
        # reminder: a school without an official address saw them on its case page only.
        marks = marks_for(steps)
        subject, body = escalation_email(
            reminded=all(marks.get(s.pk, NONE).reminder_delivered for s in steps),
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
            escalation_sent_at=now, escalation_message=message, updated_at=now
        )
        refused = sorted(
            {s.escalation_message.message_id for s in steps if s.escalation_message is not None}
        )
        common: dict[str, Any] = {"alert": str(alert.pk), "steps": [s.key for s in steps]}
        if refused:
            record(
                actor=actor,
                action=AuditAction.CASE_ESCALATION_RESENT,
                obj=case,
                message_id=message.message_id,
                previous=refused,  # the refused e-mails' Message-IDs
                **common,
            )
        else:
            record(
                actor=actor,
                action=AuditAction.CASE_ESCALATION_SENT,
                obj=case,
                message_id=message.message_id,
                **common,
            )
    return message
