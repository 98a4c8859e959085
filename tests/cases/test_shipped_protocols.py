"""Every shipped protocol, followed by the case services from opening to the last step, for every
branch (an anonymous notice; a known pupil, a minor, in danger, with intimate images): each step
that applies is recorded by its role with a value of its kind, and none is left waiting on a
step that never comes. pHARe's "no result" answer moves the case to the disciplinary track."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.utils import timezone

from relais.accounts.models import Role
from relais.cases.models import Case, CaseAlert, Origin
from relais.cases.services import checklist, open_case, protocol_of, record_step
from relais.protocols.loader import all_protocols
from relais.protocols.model import Step
from tests.factories import OrganisationFactory, SchoolFactory, UserFactory, make_alert

BRANCHES = [
    pytest.param({"victim_known": False}, id="anonymous"),
    pytest.param(
        {"victim_known": True, "minor": True, "danger": True, "intimate_images": True},
        id="known-minor-danger-images",
    ),
    pytest.param({"victim_known": True, "minor": False}, id="known-adult"),
]


def _people(jurisdiction: str) -> tuple[Any, dict[str, Any]]:
    school = SchoolFactory(jurisdiction=jurisdiction)
    organisation = OrganisationFactory(jurisdictions=[jurisdiction])
    by_role = {
        "direction": UserFactory(organisation=None, role=Role.DIRECTION, school=school),
        "educator": UserFactory(organisation=None, role=Role.EDUCATOR, school=school),
        "association": UserFactory(organisation=organisation, role=Role.CASE_WORKER),
    }
    return school, by_role


def _value(step: Step, case: Case, now: datetime, answer: str = "") -> dict[str, Any]:
    if step.record == "checkbox":
        return {"checked": True}
    if step.record == "date":
        return {"date": timezone.localdate(now).isoformat()}
    if step.record == "text":
        return {"text": "Fait, voir le dossier papier."}
    if step.record == "choice":
        keys = [option.key for option in step.options]
        return {"choice": answer if answer in keys else keys[0]}
    keys = [option.key for option in step.checklist]
    return {"checklist": [answer if answer in keys else keys[0]]}


def _follow(case: Case, by_role: dict[str, Any], answer: str = "") -> None:
    """Record every step that may be recorded, until none is left."""
    for _ in range(len(protocol_of(case).steps) + 1):
        now = timezone.now()
        todo = [view for view in checklist(case, now=now) if view.status not in ("done", "waiting")]
        if not todo:
            break
        step = todo[0].step
        record_step(
            case=case,
            key=step.key,
            value=_value(step, case, now, answer),
            by=by_role[step.role],
        )
        case.refresh_from_db()
    statuses = {view.step.key: view.status for view in checklist(case, now=timezone.now())}
    assert set(statuses.values()) == {"done"}, statuses


@pytest.mark.parametrize("key", sorted(all_protocols()))
@pytest.mark.parametrize("conditions", BRANCHES)
def test_a_case_follows_a_shipped_protocol_to_its_end(db, key, conditions):
    protocol = all_protocols()[key]
    school, by_role = _people(protocol.jurisdiction)
    case = open_case(
        school=school,
        by=by_role["direction"],
        origin=Origin.PUPIL,
        protocol_key=key,
        conditions=conditions,
    )
    CaseAlert.objects.create(case=case, alert=make_alert(school).alert)  # the association's
    assert case.track == protocol.first_track()
    _follow(case, by_role)


def test_phare_s_no_result_leads_to_the_disciplinary_track(db):
    school, by_role = _people("fr")
    case = open_case(
        school=school,
        by=by_role["direction"],
        origin=Origin.PUPIL,
        protocol_key="phare",
        conditions={"victim_known": True},
    )
    CaseAlert.objects.create(case=case, alert=make_alert(school).alert)
    _follow(case, by_role, answer="no_result")
    assert case.track == "disciplinary"
    done = {view.step.key for view in checklist(case, now=timezone.now())}
    assert {"disc_hear_authors", "disc_sanctions"} <= done
    assert "sc_group_meeting" not in done
