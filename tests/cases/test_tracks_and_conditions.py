"""A case's steps follow what becomes known of it: a track switch (pHARe: no result after the
shared-concern method, the disciplinary track) and a change of conditions add the steps that now
apply and set aside the open ones that no longer do; a recorded step always stays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone

from relais.audit.models import AuditAction, AuditEvent
from relais.cases.models import Case, CaseStep, Origin
from relais.cases.services import (
    CaseError,
    change_conditions,
    checklist,
    close_case,
    open_case,
    record_step,
)

OPENED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def case(protocol: Any, school: Any, alice: Any) -> Case:
    return open_case(
        school=school, by=alice, origin=Origin.PUPIL, conditions={"victim_known": True}, now=OPENED
    )


def _keys(case: Case) -> set[str]:
    return set(CaseStep.objects.filter(case=case).values_list("key", flat=True))


def _due(case: Case, key: str) -> Any:
    return CaseStep.objects.get(case=case, key=key).due_at


def _review(case: Case, alice: Any, answer: str, at: datetime) -> None:
    record_step(case=case, key="protection", value={"checked": True}, by=alice, now=at)
    record_step(case=case, key="review", value={"checklist": [answer]}, by=alice, now=at)


def test_no_result_switches_to_the_disciplinary_track(case, alice):
    at = OPENED + timedelta(days=16)
    _review(case, alice, "no_result", at)
    case.refresh_from_db()
    assert case.track == "discipline"
    # The new track's step, due its delay after the review that led to it.
    assert _due(case, "sanction") == at + timedelta(days=7)
    # The open step of the former track stays, without a due date: neither the checklist nor
    # the deadline sweep counts it, and it can no longer be recorded.
    assert _due(case, "concern_meetings") is None
    keys = [view.row.key for view in checklist(case, now=at)]
    assert "concern_meetings" not in keys
    assert {"sanction", "review", "protection"} <= set(keys)
    with pytest.raises(CaseError, match="does not apply"):
        record_step(case=case, key="concern_meetings", value={"checked": True}, by=alice)
    switched = AuditEvent.objects.get(action=AuditAction.CASE_TRACK_SWITCHED)
    assert switched.details == {"before": "concern", "after": "discipline"}


def test_a_review_with_results_keeps_the_track(case, alice):
    _review(case, alice, "stopped", OPENED + timedelta(days=16))
    case.refresh_from_db()
    assert case.track == "concern"
    assert "sanction" not in _keys(case)
    assert not AuditEvent.objects.filter(action=AuditAction.CASE_TRACK_SWITCHED).exists()


def test_a_step_recorded_on_the_former_track_stays_on_the_checklist(case, alice):
    record_step(case=case, key="concern_meetings", value={"checked": True}, by=alice)
    _review(case, alice, "no_result", timezone.now())
    case.refresh_from_db()
    statuses = {view.row.key: view.status for view in checklist(case, now=timezone.now())}
    assert statuses["concern_meetings"] == "done"


def test_a_known_pupil_adds_the_pupil_s_steps_and_drops_the_class_only_ones(
    protocol, school, alice
):
    case = open_case(school=school, by=alice, origin=Origin.PUPIL, now=OPENED)
    assert "class_session" in _keys(case)
    before = timezone.now()
    change_conditions(case=case, by=alice, victim_known=True)
    assert case.victim_known is True
    keys = _keys(case)
    assert "class_session" not in keys
    assert {"hear_target", "parents_meeting"} <= keys
    # Due from the change, not from the opening.
    assert _due(case, "hear_target") >= before + timedelta(hours=48)
    row = AuditEvent.objects.get(action=AuditAction.CASE_CHANGED)
    assert row.details == {
        "fields": ["victim_known"],
        "steps": ["class_session", "hear_target", "parents_meeting"],
    }


def test_a_recorded_step_stays_when_it_no_longer_applies(protocol, school, alice):
    case = open_case(school=school, by=alice, origin=Origin.PUPIL, now=OPENED)
    record_step(case=case, key="class_session", value={"text": "Séance avec le CPMS"}, by=alice)
    change_conditions(case=case, by=alice, victim_known=True)
    assert "class_session" in _keys(case)
    views = {view.row.key: view.status for view in checklist(case, now=timezone.now())}
    assert views["class_session"] == "done"


def test_danger_adds_the_police_step(case, alice):
    change_conditions(case=case, by=alice, danger=True)
    assert "police" in _keys(case)
    change_conditions(case=case, by=alice, danger=False)
    assert "police" not in _keys(case)


def test_the_summary_changes_with_the_conditions_and_is_not_audited_in_clear(case, erin):
    change_conditions(case=case, by=erin, summary="Élève A, moqueries.", minor=False)
    case.refresh_from_db()
    assert (case.summary, case.minor) == ("Élève A, moqueries.", False)
    row = AuditEvent.objects.get(action=AuditAction.CASE_CHANGED)
    assert row.details["fields"] == ["minor", "summary"]
    assert "moqueries" not in str(row.details)


def test_nothing_changed_writes_nothing(case, alice):
    change_conditions(case=case, by=alice, victim_known=True, summary="")
    assert not AuditEvent.objects.filter(action=AuditAction.CASE_CHANGED).exists()


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        ({"victim_known": "no"}, "could not be read"),
        ({"famous": True}, "could not be read"),
        ({"summary": "x" * 10_001}, "too long"),
    ],
)
def test_bad_conditions_change_nothing(case, alice, flags, message):
    steps = _keys(case)
    with pytest.raises(CaseError, match=message):
        change_conditions(case=case, by=alice, **flags)
    case.refresh_from_db()
    assert (case.victim_known, case.summary, _keys(case)) == (True, "", steps)
    assert not AuditEvent.objects.filter(action=AuditAction.CASE_CHANGED).exists()


def test_only_the_school_changes_what_is_known(case, dora, bob, charlie, remi):
    from tests.cases.test_record_step import _link_dora

    _link_dora(case)
    with pytest.raises(CaseError, match="school's team"):
        change_conditions(case=case, by=dora, danger=True)
    for user in (bob, charlie, remi):
        with pytest.raises(Http404):
            change_conditions(case=case, by=user, danger=True)
    case.refresh_from_db()
    assert case.danger is False


def test_a_closed_case_is_not_changed(case, alice):
    close_case(case=case, by=alice, outcome="stopped")
    with pytest.raises(CaseError, match="closed"):
        change_conditions(case=case, by=alice, danger=True)
