"""A school's case about an alert, through the real services: its direction opens it from an
acknowledged notice and records steps of the shipped protocol (be-fwb: the Mouscron procedure).

What the family and the association see of it is tested in tests/public, tests/api,
tests/queries, tests/staff and tests/browser.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from relais.accounts.models import Role
from relais.cases.models import Case, CaseStep
from relais.cases.services import open_from_notice, record_step
from relais.cases.steps import protocol_of
from relais.protocols.model import Step
from tests.cases.conftest import acknowledged_notice
from tests.factories import UserFactory

# Words a school might write in a step or a note: none may reach the family or the association.
SCHOOL_TEXT = "Élève A (Jules Martin) a été reçu avec sa mère par Mme Dupont."


def direction_of(school: Any, username: str = "directrice") -> Any:
    return UserFactory(username=username, organisation=None, role=Role.DIRECTION, school=school)


def case_about(alert: Any, *, by: Any) -> Case:
    """The case the school opens from its acknowledged notice about ``alert``."""
    return open_from_notice(notice=acknowledged_notice(alert), by=by)


def value_for(step: Step) -> dict[str, Any]:
    if step.record == "checkbox":
        return {"checked": True}
    if step.record == "date":
        return {"date": timezone.localdate().isoformat()}
    if step.record == "text":
        return {"text": SCHOOL_TEXT}
    return {"checklist": [step.checklist[0].key]}


def steps_of(case: Case, *, visible: bool) -> list[Step]:
    """The case's steps (in protocol order) that the family sees, or that it does not."""
    protocol = protocol_of(case)
    keys = set(
        CaseStep.objects.filter(case=case, family_visible=visible).values_list("key", flat=True)
    )
    return [step for step in protocol.steps if step.key in keys and step.role != "association"]


def record(case: Case, step: Step, *, by: Any) -> CaseStep:
    return record_step(case=case, key=step.key, value=value_for(step), by=by)


def record_visible(case: Case, count: int, *, by: Any) -> list[Step]:
    """Record the case's first ``count`` steps that the family sees, in protocol order."""
    steps = steps_of(case, visible=True)[:count]
    assert len(steps) == count, "the protocol has fewer steps the family sees"
    for step in steps:
        record(case, step, by=by)
    return steps
