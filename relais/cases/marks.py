"""When the deadline sweep reminded an open step and proposed its escalation, read back from its
runs (relais.cases.models.DeadlineSweep; relais/cases/deadlines.py writes them).

The runs' windows follow one another without a gap, (since, through] each: an open step was
reminded by the run whose window holds its `remind_at`, and proposes escalation once a run's
window has reached its `escalate_at`. A step whose moment no run has reached yet was not
reminded, nor was a step of a school the run could not e-mail (no official address): the pages
never say it was. What the school's mail server answered is read from the run's e-mail to the
school (SweepReminder): "sent" is said only once the server accepted it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from django.db.models import Max, Q, Subquery

from relais.cases.models import Case, CaseStep, DeadlineSweep, SweepReminder
from relais.notices.models import OutboxState


def earliest_unswept(now: datetime) -> datetime:
    """The earliest moment a step whose due date is set now may be reminded or escalated: now,
    or just after the last run's window when that ends later. A web host's clock behind the
    worker's, or a transaction that waited for its case's lock, would otherwise put the moment
    in a window already swept: no run would e-mail the step, yet its page would say it was
    reminded. Read once the case is locked, a moment before the write commits."""
    last = DeadlineSweep.objects.aggregate(last=Max("through"))["last"]
    return now if last is None or last < now else last + timedelta(microseconds=1)


@dataclass(frozen=True)
class Marks:
    reminded_at: datetime | None = None  # when a run queued the step's reminder
    escalation_proposed_at: datetime | None = None
    # The reminder e-mail's OutboxState, and when the server accepted it; "" for a run older
    # than the links (DeadlineSweep.linked false, migration cases.0009).
    reminder_state: str = ""
    reminder_sent_at: datetime | None = None

    @property
    def reminder_delivered(self) -> bool:
        """The school's mail server accepted the reminder (assumed for a run before 0009)."""
        return self.reminded_at is not None and self.reminder_state in ("", OutboxState.SENT)


NONE = Marks()


class _Run(NamedTuple):
    since: datetime
    through: datetime
    ran_at: datetime
    unmailed: list[str]
    pk: Any
    linked: bool


def marks_for(rows: Iterable[CaseStep]) -> dict[Any, Marks]:
    """By step id, for the open steps among ``rows`` that a run reached: when it reminded them
    and proposed their escalation, and what the school's mail server answered. One query, one
    more when a run reminded one of them, and one more when a run from before the e-mails were
    linked (migration 0009) found a school it could not e-mail; none when no open step has a
    deadline."""
    steps = [row for row in rows if row.done_at is None and row.remind_at is not None]
    moments = [m for row in steps for m in (row.remind_at, row.escalate_at) if m is not None]
    if not moments:
        return {}
    runs = [
        _Run(*values)
        for values in DeadlineSweep.objects.filter(
            through__gte=min(moments), since__lt=max(moments)
        )
        .order_by("through")
        .values_list("since", "through", "ran_at", "unmailed", "pk", "linked")
    ]
    if not runs:
        return {}
    ends = [run.through for run in runs]
    # A run before the links listed the schools it could not e-mail (no official address):
    # their pages do not say a reminder was sent. Rare, so the cases' schools are read only then.
    schools = {}
    if any(run.unmailed and not run.linked for run in runs):
        schools = dict(
            Case.objects.filter(pk__in={row.case_id for row in steps}).values_list(
                "pk", "school_id"
            )
        )

    def run_of(moment: datetime | None) -> _Run | None:
        if moment is None:
            return None
        index = bisect_left(ends, moment)  # the first run whose window ends at or after it
        if index < len(runs) and runs[index].since < moment:
            return runs[index]
        return None

    reminding = {row.pk: run for row in steps if (run := run_of(row.remind_at)) is not None}
    emails = _emails({run.pk for run in reminding.values()}, {row.case_id for row in steps})

    def marks(row: CaseStep) -> Marks:
        run, proposing = reminding.get(row.pk), run_of(row.escalate_at)
        proposed = proposing.ran_at if proposing is not None else None
        if run is None:
            return Marks(escalation_proposed_at=proposed)
        email = emails.get((run.pk, row.case_id))
        if email is not None:
            return Marks(run.ran_at, proposed, *email)
        # No e-mail to the school in this run: a linked run did not e-mail it (no official
        # address, or the step's moment was set inside its window after it read); a run before
        # the links did, unless it listed the school as unmailed.
        if run.linked or str(schools.get(row.case_id)) in run.unmailed:
            return Marks(escalation_proposed_at=proposed)
        return Marks(run.ran_at, proposed)

    found = {row.pk: marks(row) for row in steps}
    return {pk: marks for pk, marks in found.items() if marks != NONE}


def _emails(runs: set[Any], cases: set[Any]) -> dict[tuple[Any, Any], tuple[str, Any]]:
    """By (run, case): the state of the reminder e-mail the run sent the case's school, and when
    it was accepted (one query; none when no run reminded)."""
    if not runs:
        return {}
    rows = SweepReminder.objects.filter(run_id__in=runs, school__cases__pk__in=cases).values_list(
        "run_id", "school__cases__pk", "message__state", "message__sent_at"
    )
    return {(run, case): (state, sent_at) for run, case, state, sent_at in rows}


def proposing_escalation() -> Q:
    """The open steps whose escalation a run has proposed: a run's window reached escalate_at
    (the windows leave no gap, so the last run's end says it). For a filter on CaseStep."""
    last = DeadlineSweep.objects.order_by("-through").values("through")[:1]
    return Q(done_at__isnull=True, escalate_at__lte=Subquery(last))
