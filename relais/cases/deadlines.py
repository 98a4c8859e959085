"""The deadline sweep of the school cases (issue 12, points 3 and 4), run by `relais worker`
every RELAIS_CASES_SWEEP_SECONDS and by `relais cases_sweep`:

(a) an open step of an open case past its due date is reminded once: one e-mail per school to
    its direction's official address, listing such steps by case number and step title;
(b) a step still open the protocol's escalation delay after its due date proposes escalation,
    once: the school sees it on its case and the association's case worker on the alert page,
    and the case worker sends it to the school's authority, with the reporter's consent only
    (relais/cases/escalations.py);
(c) a referral still waiting for the service's answer past its `answer_by` is flagged, once.

How "once" is kept without writing to every step: each step carries `remind_at` and
`escalate_at` (its due date, and its due date plus the escalation delay, never before the due
date was set: relais.cases.steps.deadline_fields). Each run of the sweep handles the open steps
whose moments fall in its window (since, through] and writes one DeadlineSweep row; the next run
starts where it stopped. A step was reminded by the run whose window holds its remind_at
(relais/cases/marks.py reads it back). So a first sweep over months of backlog writes one e-mail
and one audit row per school (with its count of steps), not a row per step (bench/cases.py).

Atomicity: (a) and (b) are one transaction, which writes nothing to the steps; a crash leaves
everything or nothing, and the next run does it all. Two sweeps at once claim the same window
(`since` is unique): the second waits for the first, fails to claim and does nothing. A run
that finds nothing writes nothing, so that the next window still covers its time.

Cost: the query count does not grow with the number of cases, nor do the rows carried into
Python: the steps to remind and to escalate are counted per school by the database; only the
lines the e-mails list (MAX_LINES a school, one windowed read) and the schools' addresses are
read; then one INSERT each for the run, the e-mails, their schools (SweepReminder: the case page
reads what the mail server answered) and the audit rows (in batches where SQLite
caps a query's parameters); (c) as below.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import groupby
from operator import itemgetter
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from relais.audit.models import ActorKind, AuditAction, AuditEvent
from relais.audit.services import unsaved
from relais.cases.emails import Line, Words, reminder_email
from relais.cases.models import (
    Case,
    CaseState,
    CaseStep,
    DeadlineSweep,
    Referral,
    ReferralState,
    SweepReminder,
)
from relais.notices.models import OutboxKind, OutboxMessage
from relais.notices.queue import unsaved_message
from relais.schools.models import School

# The first run's window opens here: everything overdue before it is taken up at once.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# A run's window stops this long before its `now`: a step whose due date is set in the past by a
# transaction that has not committed when the sweep reads commits within it, and falls into the
# next window rather than behind this one. Relais's transactions last milliseconds, and a step's
# moments are never set inside a window already swept (marks.earliest_unswept: a web server's
# clock behind the worker's); the margin covers the rest. A reminder leaves at most this much later.
COMMIT_MARGIN = timedelta(minutes=5)
# A reminder lists this many steps; beyond, it says how many more the case list shows.
MAX_LINES = 50

# Test-only: RELAIS_FAULT_POINT=cases_sweep_commit kills the process once the run's e-mails and
# audit rows are written, before they commit (tests/cases/test_deadlines_crash.py).
FAULT_ENV = "RELAIS_FAULT_POINT"


def _fault_point(name: str) -> None:
    if os.environ.get(FAULT_ENV) == name:
        os._exit(137)  # as `kill -9`: no cleanup, no commit


@dataclass(frozen=True)
class SweepReport:
    reminded: int  # steps reminded
    emails: int  # reminder e-mails queued (one per school)
    proposed: int  # steps that now propose escalation
    overdue_referrals: int


class _WindowTaken(Exception):
    """Another sweep claimed this run's window first (and does its work)."""


def sweep(now: datetime | None = None) -> SweepReport:
    """Remind, propose escalation and flag overdue referrals; what is done once is never done
    again, so a second sweep does nothing."""
    now = now or timezone.now()
    try:
        reminded, emails, proposed = _run(now)
    except _WindowTaken:
        reminded = emails = proposed = 0
    return SweepReport(
        reminded=reminded,
        emails=emails,
        proposed=proposed,
        overdue_referrals=_flag_referrals(now),
    )


def _run(now: datetime) -> tuple[int, int, int]:
    through = now - COMMIT_MARGIN
    with transaction.atomic():
        last = DeadlineSweep.objects.order_by("-through").values_list("through", flat=True)
        since = last.first() or EPOCH
        if through <= since:
            return 0, 0, 0
        mailed, reminders = _reminders(_in_window("remind_at", since, through))
        proposals = _proposals(_in_window("escalate_at", since, through))
        reminded = sum(a.details["steps"] for a in reminders)
        proposed = sum(a.details["steps"] for a in proposals)
        if not (reminded or proposed):
            return 0, 0, 0
        try:
            run = DeadlineSweep.objects.create(
                since=since,
                through=through,
                ran_at=now,
                reminded=reminded,
                emails=len(mailed),
                proposed=proposed,
                unmailed=[a.object_id for a in reminders if not a.details["emailed"]],
            )
        except IntegrityError as error:  # `since` is taken: another run has done this window
            raise _WindowTaken from error
        OutboxMessage.objects.bulk_create([message for _school, message in mailed])
        SweepReminder.objects.bulk_create(
            SweepReminder(run=run, school_id=school, message=message) for school, message in mailed
        )
        AuditEvent.objects.bulk_create([*reminders, *proposals])
        _fault_point("cases_sweep_commit")
    return reminded, len(mailed), proposed


def _in_window(field: str, since: datetime, through: datetime) -> QuerySet[CaseStep]:
    return CaseStep.objects.filter(
        done_at__isnull=True,
        case__state=CaseState.OPEN,
        **{f"{field}__gt": since, f"{field}__lte": through},
    )


def _per_school(steps: QuerySet[CaseStep]) -> dict[Any, int]:
    """How many of ``steps`` each school has (one aggregate read: a backlog's steps are counted
    by the database, not carried into Python)."""
    counted = steps.order_by().values("case__school_id").annotate(count=Count("pk"))
    return {row["case__school_id"]: row["count"] for row in counted}


# (a) Reminders: one e-mail and one audit row per school.

_SCHOOL = itemgetter(0)
_ORDER = ("case__school_id", "case__number", "due_at", "key")


def _reminders(
    steps: QuerySet[CaseStep],
) -> tuple[list[tuple[Any, OutboxMessage]], list[AuditEvent]]:
    """Each school's reminder e-mail (a school without an official address has none) and audit
    row."""
    counts = _per_school(steps)
    if not counts:
        return [], []
    # The lines the e-mails list: each school's first MAX_LINES steps, by case and due date.
    rank = Window(RowNumber(), partition_by=F("case__school_id"), order_by=[F(f) for f in _ORDER])
    rows = (
        steps.annotate(rank=rank)
        .filter(rank__lte=MAX_LINES)
        .order_by(*_ORDER)
        .values_list("case__school_id", "case__number", "key", "case__protocol", "due_at")
    )
    lines = {school: list(group) for school, group in groupby(rows, key=_SCHOOL)}
    schools = School.objects.filter(pk__in=list(counts)).values_list(
        "pk", "name", "direction_email", "jurisdiction"
    )
    words = Words()
    messages, audits = [], []
    for school_id, name, email, jurisdiction in schools:
        count = counts[school_id]
        if email:  # a school without an address is reminded on its case page only
            school_lines = lines.get(school_id, [])
            message = _reminder_message(name, email, jurisdiction, school_lines, count, words)
            messages.append((school_id, message))
        audits.append(
            unsaved(
                actor=None,
                actor_kind=ActorKind.SYSTEM,
                action=AuditAction.CASE_STEP_REMINDED,
                obj=School(pk=school_id),
                steps=count,
                emailed=bool(email),
            )
        )
    return messages, audits


def _reminder_message(
    name: str,
    email: str,
    jurisdiction: str,
    rows: Sequence[tuple[Any, ...]],
    count: int,
    words: Words,
) -> OutboxMessage:
    lines = [
        Line(case_number=number, title=words.title(protocol, key), due=words.due(jurisdiction, due))
        for _school, number, key, protocol, due in rows
    ]
    subject, body = reminder_email(school=name, lines=lines, more=count - len(lines))
    return unsaved_message(
        kind=OutboxKind.REMINDER, to=email, subject=subject, body=body, from_name="Relais"
    )


# (b) Escalation proposals: one audit row per school with its count; the pages read which steps
# from the run (relais/cases/marks.py).


def _proposals(steps: QuerySet[CaseStep]) -> list[AuditEvent]:
    return [
        unsaved(
            actor=None,
            actor_kind=ActorKind.SYSTEM,
            action=AuditAction.CASE_ESCALATION_PROPOSED,
            obj=School(pk=school_id),
            steps=count,
        )
        for school_id, count in _per_school(steps).items()
    ]


# (c) Overdue referrals: few (a referral waits for an answer), each marked once, in batches.


def _locked(queryset: QuerySet[Referral]) -> QuerySet[Referral]:
    # PostgreSQL: the rows a concurrent sweep holds are its own; ignored on SQLite.
    return queryset.select_for_update(skip_locked=True, of=("self",))


def _batches(ids: list[Any]) -> Iterator[list[Any]]:
    size = settings.CASES_SWEEP_BATCH
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _flag_referrals(now: datetime) -> int:
    due = Referral.objects.filter(
        state=ReferralState.SENT,
        answer_by__lt=now,
        overdue_flagged_at__isnull=True,
        case__state=CaseState.OPEN,
    )
    ids = list(due.order_by("answer_by", "pk").values_list("pk", flat=True))
    flagged = 0
    for batch in _batches(ids):
        with transaction.atomic():
            referrals = list(_locked(due.filter(pk__in=batch)).values("pk", "case_id"))
            if not referrals:
                continue
            Referral.objects.filter(pk__in=[r["pk"] for r in referrals]).update(
                overdue_flagged_at=now, updated_at=now
            )
            AuditEvent.objects.bulk_create(
                unsaved(
                    actor=None,
                    actor_kind=ActorKind.SYSTEM,
                    action=AuditAction.REFERRAL_OVERDUE,
                    obj=Case(pk=r["case_id"]),
                    referral=str(r["pk"]),
                )
                for r in referrals
            )
        flagged += len(referrals)
    return flagged
