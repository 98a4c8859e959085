"""The demo's case: one open case at the demo school, opened by its direction through the real
services, so that a first visit to /school/ shows a checklist with steps done, due and waiting.

`ensure_demo_case` is idempotent (the case is found again by its summary) and is called by
relais.demo.loading.load_demo once the demo school's direction exists.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from relais.cases.models import Case, Origin, PersonRole
from relais.cases.services import add_person, checklist, open_case, record_step
from relais.cases.steps import school_zone
from relais.protocols.model import Step

# Pseudonymised, as the case page asks: no name in the summary.
SUMMARY = (
    "Élève A (1re B) reçoit depuis trois semaines des moqueries et des messages insultants, en "
    "récréation et sur un groupe de classe. Démonstration : aucune personne réelle."
)
# How many of the protocol's first steps the demo records: enough to show "done" beside "due".
RECORDED = 3


def ensure_demo_case(*, school: Any, direction: Any) -> Case:
    """The demo school's demo case, opened and partly followed by ``direction`` the first time."""
    existing = Case.objects.filter(school=school, summary=SUMMARY).first()
    if existing is not None:
        return existing
    case = open_case(
        school=school,
        by=direction,
        origin=Origin.PUPIL,
        conditions={"victim_known": True, "minor": True},
        summary=SUMMARY,
    )
    add_person(case=case, by=direction, role=PersonRole.TARGET, class_name="1B")
    add_person(case=case, by=direction, role=PersonRole.ALLEGED_AUTHOR, class_name="1B")
    now = timezone.now()
    school_side = [
        view.step
        for view in checklist(case, now=now)
        if view.status != "waiting" and view.step.role in ("direction", "educator")
    ]
    for step in school_side[:RECORDED]:
        record_step(case=case, key=step.key, value=_value(step, school, now), by=direction)
    return case


def _value(step: Step, school: Any, now: Any) -> dict[str, Any]:
    if step.record == "checkbox":
        return {"checked": True}
    if step.record == "date":
        return {"date": now.astimezone(school_zone(school)).date().isoformat()}
    if step.record == "text":
        return {"text": "Fait (démonstration)."}
    if step.record == "choice":
        return {"choice": step.options[0].key}
    return {"checklist": [option.key for option in step.checklist]}
