"""The case services (issue 12): every write on a case, each in one transaction with its audit
row and, where the family or a court may rely on it, its proof-log entry
(relais/cases/proof_events.py). Views call these and nothing else to change a case.

Skeleton: the signatures are fixed (helper "casepages" builds on them); bodies follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from relais.cases.models import Case, CaseNote, CasePerson, CaseStep
from relais.protocols.model import Protocol, Step

# A step due within this time of now is "due_soon" on the checklist.
DUE_SOON = timedelta(hours=48)


class CaseError(Exception):
    """Bad input: ``message`` is translated and shown to the user as is."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


class StepAlreadyRecorded(CaseError):
    """The step was recorded already (by someone else, or by a second click)."""


@dataclass(frozen=True)
class StepView:
    step: Step
    row: CaseStep
    # "done", "overdue", "due_soon", "due" or "waiting".
    status: str


def protocol_of(case: Case) -> Protocol:
    raise NotImplementedError


def open_case(
    *,
    school: Any,
    by: Any,
    origin: str,
    protocol_key: str | None = None,
    conditions: dict[str, bool] | None = None,
    summary: str = "",
) -> Case:
    raise NotImplementedError


def open_from_notice(*, notice: Any, by: Any) -> Case:
    raise NotImplementedError


def record_step(*, case: Case, key: str, value: dict[str, Any], by: Any) -> CaseStep:
    raise NotImplementedError


def change_conditions(*, case: Case, by: Any, **flags: bool) -> Case:
    raise NotImplementedError


def add_person(
    *, case: Case, by: Any, role: str, real_name: str = "", class_name: str = ""
) -> CasePerson:
    raise NotImplementedError


def change_person(
    *,
    person: CasePerson,
    by: Any,
    role: str | None = None,
    real_name: str | None = None,
    class_name: str | None = None,
) -> CasePerson:
    raise NotImplementedError


def write_note(*, case: Case, by: Any, body: str, audience: str) -> CaseNote:
    raise NotImplementedError


def close_case(*, case: Case, by: Any, outcome: str) -> Case:
    raise NotImplementedError


def link_alert(*, case: Case, alert: Any, by: Any, notice: Any = None) -> Any:
    raise NotImplementedError


def checklist(case: Case, *, now: datetime) -> list[StepView]:
    raise NotImplementedError
