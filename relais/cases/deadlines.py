"""The deadline sweep of the school cases (issue 12, points 3 and 4), run by `relais worker`
every RELAIS_CASES_SWEEP_SECONDS and by `relais cases_sweep`:

(a) an open step of an open case past its due date is reminded once: one e-mail per school to
    its direction's official address, listing every such step by case number and step title;
(b) a step still open the protocol's escalation delay after its due date proposes escalation,
    once: the case worker of the association sees it on the alert page and sends it to the
    school's authority, with the reporter's consent only (relais/cases/escalations.py);
(c) a referral still waiting for the service's answer past its `answer_by` is flagged, once.

A step counts while its `due_at` is set, its `done_at` is not and its case is open; whoever makes
a step no longer due clears its `due_at`.

Cost: the query count does not grow with the number of cases. Each part reads the ids it has to
handle in one query, then handles them in batches of RELAIS_CASES_SWEEP_BATCH, each batch in one
transaction with a fixed number of queries (a locked re-read, one UPDATE, one INSERT of the
e-mails, one INSERT of the audit rows): a crash leaves each batch whole or not at all, and the
next sweep does the rest. On PostgreSQL a batch skips the rows another sweep holds (SKIP
LOCKED); on SQLite transactions take the write lock first (IMMEDIATE), so sweeps queue up.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from relais.audit.models import ActorKind, AuditAction, AuditEvent
from relais.audit.services import unsaved
from relais.cases.emails import Line, Words, reminder_email
from relais.cases.models import Case, CaseState, CaseStep, Referral, ReferralState
from relais.notices.models import OutboxKind, OutboxMessage
from relais.notices.queue import unsaved_message
from relais.protocols.loader import all_protocols
from relais.protocols.model import Protocol

M = TypeVar("M", CaseStep, Referral)

# A case whose protocol file is gone keeps the delay a protocol has unless it says otherwise.
FALLBACK_ESCALATION: timedelta = Protocol.escalate_after


# Test-only: RELAIS_FAULT_POINT=cases_sweep_batch_2 kills the process inside the second batch of
# reminders, its rows written but not committed (tests/cases/test_deadlines_crash.py).
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


def sweep(now: datetime | None = None) -> SweepReport:
    """Remind, propose escalation and flag overdue referrals; what is done once is never done
    again, so a second sweep does nothing."""
    now = now or timezone.now()
    reminded, emails = _remind(now)
    return SweepReport(
        reminded=reminded,
        emails=emails,
        proposed=_propose(now),
        overdue_referrals=_flag_referrals(now),
    )


def _open_steps(now: datetime) -> QuerySet[CaseStep]:
    return CaseStep.objects.filter(done_at__isnull=True, due_at__lt=now, case__state=CaseState.OPEN)


def _locked(queryset: QuerySet[M]) -> QuerySet[M]:
    # PostgreSQL: the rows a concurrent sweep holds are its own; ignored on SQLite.
    return queryset.select_for_update(skip_locked=True, of=("self",))


def _batches(ids: list[Any]) -> Iterator[list[Any]]:
    size = settings.CASES_SWEEP_BATCH
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _school_batches(rows: Iterable[tuple[Any, Any]]) -> Iterator[list[Any]]:
    """Step ids in batches that end at a school's last step, so that a school gets one e-mail per
    sweep (a batch passes the size by at most one school's steps)."""
    size = settings.CASES_SWEEP_BATCH
    batch: list[Any] = []
    current = None
    for pk, school in rows:
        if school != current and len(batch) >= size:
            yield batch
            batch = []
        batch.append(pk)
        current = school
    if batch:
        yield batch


def _keys_by_case(steps: Sequence[Mapping[str, Any]]) -> dict[Any, list[str]]:
    keys: dict[Any, list[str]] = defaultdict(list)
    for step in steps:
        keys[step["case_id"]].append(step["key"])
    return keys


# (a) Reminders.


def _remind(now: datetime) -> tuple[int, int]:
    due = _open_steps(now).filter(reminded_at__isnull=True)
    rows = due.order_by("case__school_id", "pk").values_list("pk", "case__school_id")
    reminded = emails = 0
    words = Words()
    for number, ids in enumerate(_school_batches(rows), start=1):
        with transaction.atomic():
            steps = list(
                _locked(due.filter(pk__in=ids)).values(
                    "pk",
                    "key",
                    "due_at",
                    "case_id",
                    "case__number",
                    "case__protocol",
                    "case__school_id",
                    "case__school__name",
                    "case__school__direction_email",
                    "case__school__jurisdiction",
                )
            )
            if not steps:
                continue
            CaseStep.objects.filter(pk__in=[s["pk"] for s in steps]).update(
                reminded_at=now, updated_at=now
            )
            messages = _reminder_messages(steps, words)
            OutboxMessage.objects.bulk_create(messages)
            emailed = {s["case_id"] for s in steps if s["case__school__direction_email"]}
            AuditEvent.objects.bulk_create(
                unsaved(
                    actor=None,
                    actor_kind=ActorKind.SYSTEM,
                    action=AuditAction.CASE_STEP_REMINDED,
                    obj=Case(pk=case_id),
                    steps=keys,
                    emailed=case_id in emailed,
                )
                for case_id, keys in _keys_by_case(steps).items()
            )
            _fault_point(f"cases_sweep_batch_{number}")
        reminded += len(steps)
        emails += len(messages)
    return reminded, emails


def _reminder_messages(steps: Sequence[Mapping[str, Any]], words: Words) -> list[OutboxMessage]:
    """One e-mail per school that has an official address (a school without one is reminded on
    its case page only, and the audit row says it was not e-mailed)."""
    by_school: dict[Any, list[Mapping[str, Any]]] = defaultdict(list)
    for step in steps:
        if step["case__school__direction_email"]:
            by_school[step["case__school_id"]].append(step)
    messages = []
    for school_steps in by_school.values():
        first = school_steps[0]
        school_steps.sort(key=lambda s: (s["case__number"], s["due_at"]))
        lines = [
            Line(
                case_number=s["case__number"],
                title=words.title(s["case__protocol"], s["key"]),
                due=words.due(s["case__school__jurisdiction"], s["due_at"]),
            )
            for s in school_steps
        ]
        subject, body = reminder_email(school=first["case__school__name"], lines=lines)
        messages.append(
            unsaved_message(
                kind=OutboxKind.REMINDER,
                to=first["case__school__direction_email"],
                subject=subject,
                body=body,
                from_name="Relais",
            )
        )
    return messages


# (b) Escalation proposals.


def escalation_due(now: datetime) -> Q:
    """The steps past their due date by their protocol's escalation delay
    (Protocol.escalation_delay): one condition per protocol and delay, so one query."""
    known = all_protocols()
    condition = ~Q(case__protocol__in=list(known)) & Q(due_at__lt=now - FALLBACK_ESCALATION)
    delays = [FALLBACK_ESCALATION]
    for key, protocol in known.items():
        delays += [protocol.escalation_delay(step) for step in protocol.steps]
        own: dict[timedelta, list[str]] = defaultdict(list)
        for step in protocol.steps:
            if step.escalate_after is not None:
                own[step.escalate_after].append(step.key)
        mine = Q(due_at__lt=now - protocol.escalate_after)
        if own:
            mine &= ~Q(key__in=[k for keys in own.values() for k in keys])
        for delay, keys in own.items():
            mine |= Q(key__in=keys, due_at__lt=now - delay)
        condition |= Q(case__protocol=key) & mine
    # The shortest delay bounds the index's range: the rest is read within it.
    return Q(due_at__lt=now - min(delays)) & condition


def _propose(now: datetime) -> int:
    due = _open_steps(now).filter(escalation_due(now), escalation_proposed_at__isnull=True)
    ids = list(due.order_by("due_at", "pk").values_list("pk", flat=True))
    proposed = 0
    for batch in _batches(ids):
        with transaction.atomic():
            steps = list(_locked(due.filter(pk__in=batch)).values("pk", "key", "case_id"))
            if not steps:
                continue
            CaseStep.objects.filter(pk__in=[s["pk"] for s in steps]).update(
                escalation_proposed_at=now, updated_at=now
            )
            AuditEvent.objects.bulk_create(
                unsaved(
                    actor=None,
                    actor_kind=ActorKind.SYSTEM,
                    action=AuditAction.CASE_ESCALATION_PROPOSED,
                    obj=Case(pk=case_id),
                    steps=keys,
                )
                for case_id, keys in _keys_by_case(steps).items()
            )
        proposed += len(steps)
    return proposed


# (c) Overdue referrals.


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
