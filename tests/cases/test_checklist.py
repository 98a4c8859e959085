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
