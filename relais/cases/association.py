"""What the association sees of a school's case (issue 12, point 7): for each case that gathers an
alert it handles, the school, the number and status, the steps done and overdue (their titles and
dates), the referrals' states (those past their answer date flagged), the escalation proposals
(relais.cases.escalations), and its conversation with the school. Of a closed case: its day and
outcome, and the steps left undone at closing, with their due dates and whether their escalation
had been proposed or sent, as the closing's confirmation promised the school. When no case
gathers the alert, the association may open one (`open_case_for_alert`, the one write here).

Never what a step recorded (CaseStep.value), a person of the case, a referral's request or
reason, a school-only note, nor who on the school's team wrote or recorded something: the case
worker follows the school's progress, the school keeps its pupils' details. The cases come
through relais.cases.access.cases_for, the one place that decides who sees which case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F, Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _

from relais.alerts.models import Alert
from relais.cases.access import cases_for
from relais.cases.escalations import CaseEscalation, escalations_for_alert
from relais.cases.marks import NONE, Marks, marks_for
from relais.cases.models import (
    Case,
    CaseAlert,
    CaseNote,
    CaseState,
    CaseStep,
    NoteAudience,
    Origin,
    Referral,
    ReferralState,
)
from relais.cases.services import CaseError, conditions_of_notice, open_case
from relais.notices.models import OutboxState
from relais.protocols.loader import get_protocol
from relais.protocols.model import Protocol


@dataclass(frozen=True)
class StepLine:
    title: str
    # Done: when it was recorded; overdue: when it was due.
    at: datetime


@dataclass(frozen=True)
class NotDoneLine:
    """A step of a closed case that was not recorded before the closing."""

    title: str
    due_at: datetime | None  # none: it was waiting for an earlier step
    # When the deadline sweep proposed its escalation, while the case was open.
    escalation_proposed_at: datetime | None
    # When the authority's server accepted its escalation e-mail.
    escalation_sent_at: datetime | None
    # Its escalation e-mail left the case worker's hands, and the server did not accept it (yet):
    # refused, of unknown fate, or still in the outbox.
    escalation_unconfirmed: bool


def _email_state(referral: Referral) -> str:
    """The waiting referral's e-mail state; "" once answered, or with no e-mail linked."""
    if referral.state != ReferralState.SENT or referral.message is None:
        return ""
    return referral.message.state


def _told(referral: Referral) -> bool:
    return _email_state(referral) in ("", OutboxState.SENT)


@dataclass(frozen=True)
class ReferralLine:
    kind: str
    state: str
    state_key: str
    sent_at: datetime
    answer_by: datetime
    # Still sent past its answer date, as the school's page flags it (referral_tags), once
    # the service's mail server accepted the e-mail: a service never told is not late.
    overdue: bool
    # While the referral waits for the service: its e-mail's OutboxState ("" without one); the
    # line says "envoyée" only once the server accepted it (relais/cases/referral_delivery.py).
    email: str = ""


@dataclass(frozen=True)
class NoteLine:
    # Written by the school's team (True) or by the association (False): a side, not a name.
    from_school: bool
    at: datetime
    body: str


@dataclass(frozen=True)
class CaseFollowUp:
    case: Case
    protocol: str
    done: list[StepLine]
    overdue: list[StepLine]
    # A closed case: its outcome in the school's page's words, and the steps left undone.
    outcome: str
    not_done: list[NotDoneLine]
    # The steps proposing escalation, and whether it can be sent (relais.cases.escalations).
    escalation: CaseEscalation | None
    referrals: list[ReferralLine]
    notes: list[NoteLine]


def _protocol(key: str) -> Protocol | None:
    try:
        return get_protocol(key)
    except KeyError:
        return None


def _title(protocol: Protocol | None, key: str) -> str:
    """The step's title in the reader's language; its key when the protocol no longer has it."""
    if protocol is not None:
        try:
            return protocol.step(key).label()
        except KeyError:
            pass
    return key


def _at(line: StepLine) -> datetime:
    return line.at


def _applies(protocol: Protocol | None, case: Case, key: str) -> bool:
    """Whether an open step still counts, as the school's checklist has it: not a step of a
    track the case left (its row stays, without a due date)."""
    if protocol is None:
        return True
    try:
        step = protocol.step(key)
    except KeyError:
        return True
    return step.applies(case.conditions(), case.track)


def _not_done(protocol: Protocol | None, case: Case, row: CaseStep, marks: Marks) -> NotDoneLine:
    # The sweep leaves a closed case alone: a run after the closing proposed nothing.
    proposed = marks.escalation_proposed_at
    if proposed is not None and case.closed_at is not None and proposed > case.closed_at:
        proposed = None
    email = row.escalation_message
    accepted = email is not None and email.state == OutboxState.SENT and email.sent_at is not None
    return NotDoneLine(
        title=_title(protocol, row.key),
        due_at=row.due_at,
        escalation_proposed_at=proposed or row.escalation_sent_at,
        escalation_sent_at=email.sent_at if accepted and email is not None else None,
        escalation_unconfirmed=row.escalation_sent_at is not None and not accepted,
    )


def _due(line: NotDoneLine) -> tuple[bool, datetime | None]:
    return (line.due_at is None, line.due_at)


def _follow_up(
    case: Case,
    escalation: CaseEscalation | None,
    now: datetime,
    marks: dict[Any, Marks],
) -> CaseFollowUp:
    protocol = _protocol(case.protocol)
    done: list[StepLine] = []
    overdue: list[StepLine] = []
    not_done: list[NotDoneLine] = []
    closed = case.state != CaseState.OPEN
    for row in case.steps.all():
        if row.done_at is not None:
            done.append(StepLine(_title(protocol, row.key), row.done_at))
        elif closed:
            if _applies(protocol, case, row.key):
                not_done.append(_not_done(protocol, case, row, marks.get(row.pk, NONE)))
        # A closed case has nothing overdue (above); a step of a track the case left has no due
        # date any more (relais.cases.steps.switch_track).
        elif row.due_at is not None and row.due_at < now:
            overdue.append(StepLine(_title(protocol, row.key), row.due_at))
    return CaseFollowUp(
        case=case,
        protocol=protocol.label() if protocol is not None else case.protocol,
        done=sorted(done, key=_at),
        overdue=sorted(overdue, key=_at),
        outcome=case.get_outcome_display() if closed else "",
        not_done=sorted(not_done, key=_due),
        escalation=escalation,
        referrals=[
            ReferralLine(
                kind=referral.service.get_kind_display(),
                state=referral.get_state_display(),
                state_key=referral.state,
                sent_at=referral.sent_at,
                answer_by=referral.answer_by,
                overdue=referral.state == ReferralState.SENT
                and referral.answer_by < now
                and _told(referral),
                email=_email_state(referral),
            )
            for referral in case.referrals.all()
        ],
        notes=[
            NoteLine(
                from_school=note.author.school_id == case.school_id,
                at=note.created_at,
                body=note.body,
            )
            for note in case.notes.all()
        ],
    )


def cases_of_alert(user: Any, alert: Any) -> list[Case]:
    """The cases gathering the alert that this user may see (relais.cases.access), with what
    their follow-up lists, in four queries whatever their number (a step's escalation e-mail, for
    what a closed case's undone steps say of it, joins its row)."""
    return list(
        cases_for(user)
        .filter(links__alert=alert)
        .select_related("school", "opened_message")
        .defer("opened_message__body")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=CaseStep.objects.select_related("escalation_message")
                .defer("escalation_message__body")
                .order_by("created_at", "id"),
            ),
            Prefetch(
                "referrals",
                queryset=Referral.objects.select_related("service", "message")
                .defer("message__body")
                .order_by("sent_at", "id"),
            ),
            Prefetch(
                "notes",
                # The conversation with the association only: never a school-only note; and of
                # that conversation, the school's side and this association's own, never another
                # association's that handles another alert the case gathers.
                queryset=CaseNote.objects.filter(audience=NoteAudience.ASSOCIATION)
                .filter(
                    Q(author__school_id=F("case__school_id"))
                    | Q(author__organisation_id=user.organisation_id)
                )
                .select_related("author")
                .order_by("created_at", "id"),
            ),
        )
        .order_by("opened_at", "id")
    )


def get_case_of_alert(user: Any, alert: Any, case_id: Any) -> Case:
    """A case gathering the alert that this user may see; 404 otherwise (the case of another
    alert too: a form posted for this alert writes in this alert's cases only)."""
    case = cases_for(user).filter(links__alert=alert, pk=case_id).first()
    if case is None:
        raise Http404
    return case


def follow_ups(cases: list[Case], *, alert: Any, now: datetime) -> list[CaseFollowUp]:
    """What the association reads of each case (see the module's docstring); the escalation
    proposals in one more query, when there is a case; and, when a case is closed with steps
    left undone, when the sweep proposed their escalation (relais.cases.marks: one to three
    queries for all of them)."""
    if not cases:
        return []
    escalations = {found.case.pk: found for found in escalations_for_alert(alert)}
    undone = [
        row
        for case in cases
        if case.state != CaseState.OPEN
        for row in case.steps.all()
        if row.done_at is None
    ]
    marks = marks_for(undone) if undone else {}
    return [_follow_up(case, escalations.get(case.pk), now, marks) for case in cases]


# --- The association opens a case -----------------------------------------------------------


def open_case_for_alert(*, alert: Alert, by: Any) -> Case:
    """The association opens the school's case for an alert it handles that no case gathers yet
    (origin ASSOCIATION; services.open_case checks that ``by`` handles this alert, else 404).
    What the alert says of the situation starts the protocol's branches, as a notice's would.

    Under a lock on the alert's row, so that two clicks (or two case workers) at once open one
    case: the second gets CaseError and nothing is stored."""
    with transaction.atomic():
        Alert.objects.select_for_update().filter(pk=alert.pk).first()
        if CaseAlert.objects.filter(alert=alert).exists():
            raise CaseError(_("A case of the school already gathers this alert: it is below."))
        return open_case(
            school=alert.school,
            by=by,
            origin=Origin.ASSOCIATION,
            alert=alert,
            conditions=conditions_of_notice(alert),
        )
