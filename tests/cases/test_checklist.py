"""The checklist (relais.cases.services.checklist): every step that applies, in the protocol's
order, each "done", "overdue", "due_soon" (within DUE_SOON), "due" or "waiting" (its previous
step not recorded yet)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from relais.cases.models import Case, Origin
from relais.cases.services import DUE_SOON, checklist, open_case, record_step

OPENED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def case(protocol: Any, school: Any, alice: Any) -> Case:
    return open_case(
        school=school, by=alice, origin=Origin.PUPIL, conditions={"victim_known": True}, now=OPENED
    )


def _statuses(case: Case, now: datetime) -> dict[str, str]:
    return {view.row.key: view.status for view in checklist(case, now=now)}


def test_due_soon_is_two_days():
    assert timedelta(hours=48) == DUE_SOON


def test_the_checklist_follows_the_protocol_s_order(case, protocol):
    keys = [view.step.key for view in checklist(case, now=OPENED)]
    order = [step.key for step in protocol.steps]
    assert keys == sorted(keys, key=order.index)
    assert all(view.row.key == view.step.key for view in checklist(case, now=OPENED))


def test_each_step_s_status_as_time_passes(case, alice):
    assert _statuses(case, OPENED) == {
        "hear_target": "due_soon",  # 48 h: within two days
        "protection": "due_soon",
        "parents_meeting": "waiting",  # after hear_target, not recorded yet
        "inform_authority": "due",  # no deadline
        "association_call": "due",
        "concern_meetings": "due",  # 10 days away
        "review": "waiting",
    }
    later = OPENED + timedelta(hours=30)
    statuses = _statuses(case, later)
    assert (statuses["protection"], statuses["hear_target"]) == ("overdue", "due_soon")

    record_step(case=case, key="hear_target", value={"date": "2026-03-03"}, by=alice, now=later)
    statuses = _statuses(case, later)
    assert (statuses["hear_target"], statuses["parents_meeting"]) == ("done", "due")
    assert _statuses(case, later + timedelta(days=4))["parents_meeting"] == "due_soon"
    assert _statuses(case, later + timedelta(days=5, seconds=1))["parents_meeting"] == "overdue"
    # The deadline itself is not yet overdue.
    assert _statuses(case, later + timedelta(days=5))["parents_meeting"] == "due_soon"


def test_a_waiting_step_falls_due_once_the_step_it_follows_is_recorded(protocol, school, alice):
    case = open_case(school=school, by=alice, origin=Origin.PUPIL, now=OPENED)
    assert _statuses(case, OPENED)["review"] == "waiting"
    record_step(case=case, key="protection", value={"checked": True}, by=alice, now=OPENED)
    assert _statuses(case, OPENED)["review"] == "due"  # 15 days from now
    assert _statuses(case, OPENED + timedelta(days=14))["review"] == "due_soon"


# --- The page's groups: the soonest first ------------------------------------------------------


def _groups(case: Case, user: Any, now: datetime) -> dict[str, list[str]]:
    from relais.cases.page import Forms, checklist_groups

    found = checklist_groups(case, user, now, Forms())
    return {group: [item.view.step.key for item in items] for group, _title, items in found}


def test_each_group_lists_the_soonest_due_first_the_protocol_s_order_breaking_ties(
    protocol, school, alice
):
    # hear_target (48 h) comes first in the protocol, protection and police (24 h) after it.
    case = open_case(
        school=school,
        by=alice,
        origin=Origin.PUPIL,
        conditions={"victim_known": True, "danger": True},
        now=OPENED,
    )

    groups = _groups(case, alice, OPENED)
    assert groups["due_soon"] == ["protection", "police", "hear_target"]
    # No due date last: inform_authority and association_call have none.
    assert groups["due"] == ["concern_meetings", "inform_authority", "association_call"]
    overdue = _groups(case, alice, OPENED + timedelta(days=3))["overdue"]
    assert overdue == ["protection", "police", "hear_target"]


def test_done_steps_are_listed_by_when_they_were_recorded(protocol, school, alice):
    case = open_case(
        school=school, by=alice, origin=Origin.PUPIL, conditions={"victim_known": True}, now=OPENED
    )
    for hours, key, value in [
        (3, "inform_authority", {"checked": True}),
        (1, "protection", {"checked": True}),
        (2, "hear_target", {"date": "2026-03-02"}),
    ]:
        record_step(case=case, key=key, value=value, by=alice, now=OPENED + timedelta(hours=hours))

    done = _groups(case, alice, OPENED + timedelta(hours=4))["done"]
    assert done == ["protection", "hear_target", "inform_authority"]


def test_phare_s_danger_step_due_in_two_hours_comes_first(db):
    """QA finding 2: "Danger immédiat", due in 2 hours, was 7th under "À faire bientôt"."""
    from relais.accounts.models import Role
    from tests.factories import SchoolFactory, UserFactory

    school = SchoolFactory(jurisdiction="fr")
    direction = UserFactory(organisation=None, role=Role.DIRECTION, school=school)
    case = open_case(
        school=school,
        by=direction,
        origin=Origin.PUPIL,
        protocol_key="phare",
        conditions={"victim_known": True, "minor": True, "danger": True},
        now=OPENED,
    )

    due_soon = _groups(case, direction, OPENED)["due_soon"]
    assert due_soon[0] == "danger_safety"
    assert due_soon.index("inform_head") < due_soon.index("hear_target")  # 24 h before 48 h
