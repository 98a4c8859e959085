"""What the association sees of a school's case (issue 12, point 7): for each case that gathers an
alert it handles, the school, the number and status, the steps done and overdue (their titles and
dates), the referrals' states, the escalation proposals (relais.cases.escalations), and its
conversation with the school. When no case gathers the alert, the association may open one
(`open_case_for_alert`, the one write here).

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
from relais.cases.models import (
    Case,
    CaseAlert,
    CaseNote,
    CaseState,
    CaseStep,
    NoteAudience,
    Origin,
    Referral,
)
from relais.cases.services import CaseError, conditions_of_notice, open_case
from relais.protocols.loader import get_protocol
from relais.protocols.model import Protocol


@dataclass(frozen=True)
class StepLine:
    title: str
    # Done: when it was recorded; overdue: when it was due.
    at: datetime


@dataclass(frozen=True)
class ReferralLine:
    kind: str
    state: str
    state_key: str
    sent_at: datetime


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


def _follow_up(case: Case, escalation: CaseEscalation | None, now: datetime) -> CaseFollowUp:
    protocol = _protocol(case.protocol)
    done: list[StepLine] = []
    overdue: list[StepLine] = []
    for row in case.steps.all():
        if row.done_at is not None:
            done.append(StepLine(_title(protocol, row.key), row.done_at))
        # A closed case has nothing overdue; a step of a track the case left has no due date
        # any more (relais.cases.steps.switch_track).
        elif case.state == CaseState.OPEN and row.due_at is not None and row.due_at < now:
            overdue.append(StepLine(_title(protocol, row.key), row.due_at))
    return CaseFollowUp(
        case=case,
        protocol=protocol.label() if protocol is not None else case.protocol,
        done=sorted(done, key=_at),
        overdue=sorted(overdue, key=_at),
        escalation=escalation,
        referrals=[
            ReferralLine(
                kind=referral.service.get_kind_display(),
                state=referral.get_state_display(),
                state_key=referral.state,
                sent_at=referral.sent_at,
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
    their follow-up lists, in four queries whatever their number."""
    return list(
        cases_for(user)
        .filter(links__alert=alert)
        .select_related("school")
        .prefetch_related(
            Prefetch("steps", queryset=CaseStep.objects.order_by("created_at", "id")),
            Prefetch(
                "referrals",
                queryset=Referral.objects.select_related("service").order_by("sent_at", "id"),
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
    proposals in one more query, when there is a case."""
    if not cases:
        return []
    escalations = {found.case.pk: found for found in escalations_for_alert(alert)}
    return [_follow_up(case, escalations.get(case.pk), now) for case in cases]


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
