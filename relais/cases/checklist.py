"""The school case's checklist: every step that applies (and every step recorded, even on a
former track), in the protocol's order, each with its status, when the deadline sweep reminded it
and proposed its escalation (relais/cases/marks.py), and the step it waits for
(steps.waiting_for). The case page groups them (relais/cases/page.py), the parents' leaflet reads
what was done (relais/cases/leaflet.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from relais.cases.marks import NONE, Marks, marks_for
from relais.cases.models import Case, CaseState, CaseStep
from relais.cases.steps import protocol_of, waiting_for
from relais.protocols.model import Step

# A step due within this time of now is "due_soon" on the checklist (Primero's "due soon" list;
# two days leave a school a working day to act after it sees it).
DUE_SOON = timedelta(hours=48)

STATUSES = ("done", "overdue", "due_soon", "due", "waiting")


@dataclass(frozen=True)
class StepView:
    step: Step
    row: CaseStep
    # "done", "overdue", "due_soon", "due" or "waiting" (STATUSES).
    status: str
    # When the deadline sweep reminded it and proposed escalation (relais/cases/marks.py).
    marks: Marks = NONE
    # The step it follows, while that one applies and is not recorded ("waiting"): until then
    # it may not be recorded (waiting_for).
    waiting_for: Step | None = None


def checklist(case: Case, *, now: datetime) -> list[StepView]:
    """Every step of the case that applies (and every step recorded, even on a former track),
    in the protocol's order, with its status and the step it waits for. One query for the rows
    (with the state of their escalation's e-mail), and for an open case's, when the sweep
    reminded them (marks_for)."""
    protocol = protocol_of(case)
    found = CaseStep.objects.filter(case=case).select_related("escalation_message")
    rows = {row.key: row for row in found.defer("escalation_message__body")}
    marks = marks_for(rows.values()) if case.state == CaseState.OPEN else {}
    conditions = case.conditions()
    views = []
    for step in protocol.steps:
        row = rows.get(step.key)
        if row is None:
            continue
        if row.done_at is None and not step.applies(conditions, case.track):
            continue
        before = None if row.done_at is not None else waiting_for(protocol, step, rows, case)
        status = _status(row, before, now)
        views.append(StepView(step, row, status, marks.get(row.pk, NONE), before))
    return views


def _status(row: CaseStep, before: Step | None, now: datetime) -> str:
    if row.done_at is not None:
        return "done"
    if before is not None:
        return "waiting"  # the step it follows is not recorded yet
    if row.due_at is not None:
        if row.due_at < now:
            return "overdue"
        return "due_soon" if row.due_at - now <= DUE_SOON else "due"
    return "due"  # no deadline: may be done at any time
