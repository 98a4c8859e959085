"""When the deadline sweep reminded an open step and proposed its escalation, read back from its
runs (relais.cases.models.DeadlineSweep; relais/cases/deadlines.py writes them).

The runs' windows follow one another without a gap, (since, through] each: an open step was
reminded by the run whose window holds its `remind_at`, and proposes escalation once a run's
window has reached its `escalate_at`. A step whose moment no run has reached yet was not
reminded, nor was a step of a school the run could not e-mail (no official address): the pages
never say it was.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Max, Q, Subquery

from relais.cases.models import Case, CaseStep, DeadlineSweep


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
    reminded_at: datetime | None = None
    escalation_proposed_at: datetime | None = None


NONE = Marks()


def marks_for(rows: Iterable[CaseStep]) -> dict[Any, Marks]:
    """By step id, for the open steps among ``rows`` that a run reached: when it reminded them
    and proposed their escalation. One query (two when a run found a school it could not
    e-mail); none when no open step has a deadline."""
    steps = [row for row in rows if row.done_at is None and row.remind_at is not None]
    moments = [m for row in steps for m in (row.remind_at, row.escalate_at) if m is not None]
    if not moments:
        return {}
    runs = list(
        DeadlineSweep.objects.filter(through__gte=min(moments), since__lt=max(moments))
        .order_by("through")
        .values_list("since", "through", "ran_at", "unmailed")
    )
    if not runs:
        return {}
    ends = [through for _since, through, _ran, _unmailed in runs]
    # A school without an official address was reminded on its case page only: its pages do not
    # say a reminder was sent. Rare, so its cases' schools are read only then (one query).
    schools = {}
    if any(unmailed for *_run, unmailed in runs):
        schools = dict(
            Case.objects.filter(pk__in={row.case_id for row in steps}).values_list(
                "pk", "school_id"
            )
        )

    def run_of(moment: datetime | None) -> tuple[Any, ...] | None:
        if moment is None:
            return None
        index = bisect_left(ends, moment)  # the first run whose window ends at or after it
        if index < len(runs) and runs[index][0] < moment:
            return runs[index]
        return None

    def reminded(row: CaseStep) -> datetime | None:
        run = run_of(row.remind_at)
        if run is None or str(schools.get(row.case_id)) in run[3]:
            return None
        return run[2]

    def proposed(row: CaseStep) -> datetime | None:
        run = run_of(row.escalate_at)
        return run[2] if run is not None else None

    found = {row.pk: Marks(reminded(row), proposed(row)) for row in steps}
    return {pk: marks for pk, marks in found.items() if marks != NONE}


def proposing_escalation() -> Q:
    """The open steps whose escalation a run has proposed: a run's window reached escalate_at
    (the windows leave no gap, so the last run's end says it). For a filter on CaseStep."""
    last = DeadlineSweep.objects.order_by("-through").values("through")[:1]
    return Q(done_at__isnull=True, escalate_at__lte=Subquery(last))
