"""Recording a step (relais.cases.services.record_step): each record kind checked, once only,
by the step's role, never on a closed case; the steps that follow fall due; the audit row names
the step, never its value; the proof entry covers the value, linked to the family's alert when
the family sees the step. Bad input stores nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.http import Http404

from relais.audit.models import ActorKind, AuditAction, AuditEvent
from relais.cases.models import Case, CaseStep, Origin
from relais.cases.proof_events import _digest
from relais.cases.services import (
    CaseError,
    StepAlreadyRecorded,
    close_case,
    open_case,
    open_from_notice,
    record_step,
)
from relais.proofs.entries import event_digest
from relais.proofs.kinds import ProofKind
from relais.proofs.models import ProofEntry

OPENED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LATER = OPENED + timedelta(days=1)


@pytest.fixture
def case(protocol: Any, school: Any, alice: Any) -> Case:
    return open_case(
        school=school,
        by=alice,
        origin=Origin.PUPIL,
        conditions={"victim_known": True},
        now=OPENED,
    )


def _row(case: Case, key: str) -> CaseStep:
    return CaseStep.objects.get(case=case, key=key)


def _stored() -> tuple[int, int, int]:
    return (
        CaseStep.objects.filter(done_at__isnull=False).count(),
        AuditEvent.objects.filter(action=AuditAction.CASE_STEP_RECORDED).count(),
        ProofEntry.objects.filter(kind=ProofKind.CASE_STEP_RECORDED).count(),
    )


@pytest.mark.parametrize(
    ("key", "value", "stored"),
    [
        ("protection", {"checked": True}, {"checked": True}),
        ("hear_target", {"date": "2026-03-02"}, {"date": "2026-03-02"}),
        ("hear_target", {"date": "2025-12-15"}, {"date": "2025-12-15"}),  # before: within a term
        (
            "association_call",
            {"text": "  Appel à la direction.  "},
            {"text": "Appel à la direction."},
        ),
    ],
)
def test_each_record_kind_is_stored_as_given(case, alice, dora, key, value, stored):
    by = dora if key == "association_call" else alice
    if key == "association_call":
        _link_dora(case)
    row = record_step(case=case, key=key, value=value, by=by, now=LATER)
    assert (row.done_at, row.done_by, row.value) == (LATER, by, stored)
    assert _row(case, key).value == stored


def _link_dora(case: Case) -> None:
    """Make the case one that dora's association follows (an alert of hers gathered in it)."""
    from relais.cases.models import CaseAlert
    from tests.factories import make_alert

    CaseAlert.objects.create(case=case, alert=make_alert(case.school).alert)


def test_a_checklist_keeps_the_protocol_s_order_and_its_ticks_once(case, alice):
    record_step(case=case, key="hear_target", value={"date": "2026-03-02"}, by=alice, now=LATER)
    row = record_step(
        case=case,
        key="parents_meeting",
        value={"checklist": ["discretion", "reassure", "discretion"]},
        by=alice,
        now=LATER,
    )
    assert row.value == {"checklist": ["reassure", "discretion"]}


BAD = [
    ("protection", {"checked": False}, "Tick the box"),
    ("protection", {"checked": "yes"}, "Tick the box"),
    ("protection", {}, "not filled in"),
    ("protection", {"checked": True, "extra": 1}, "not filled in"),
    ("protection", "checked", "not filled in"),
    ("hear_target", {"date": "2026-03-04"}, "in the future"),
    ("hear_target", {"date": "2025-11-01"}, "too far before"),
    ("hear_target", {"date": "2026-02-30"}, "does not exist"),
    ("hear_target", {"date": "02/03/2026"}, "day, month and year"),
    ("hear_target", {"date": 20260302}, "day, month and year"),
    ("inform_authority", {"text": "x"}, "not filled in"),
    ("review", {"checklist": []}, "at least one"),
    ("review", {"checklist": ["stopped", "maybe"]}, "not in this step's list"),
    ("review", {"checklist": "stopped"}, "at least one"),
    ("no_such_step", {"checked": True}, "not part of the case's protocol"),
    # Not for a pupil who is known: class-level only.
    ("class_session", {"text": "Séance"}, "does not apply"),
    # Another track's step.
    ("sanction", {"text": "Exclusion"}, "does not apply"),
]


@pytest.mark.parametrize(("key", "value", "message"), BAD)
def test_bad_input_records_nothing(case, alice, key, value, message):
    before = _stored()
    with pytest.raises(CaseError, match=message):
        record_step(case=case, key=key, value=value, by=alice, now=LATER)
    assert _stored() == before


def test_text_must_say_something_and_not_too_much(case, alice, dora):
    _link_dora(case)
    for text, message in (("   ", "Write what was done"), ("x" * 2001, "too long")):
        with pytest.raises(CaseError, match=message):
            record_step(case=case, key="association_call", value={"text": text}, by=dora)
    assert _stored() == (0, 0, 0)


def test_a_step_is_recorded_once(case, alice, erin):
    record_step(case=case, key="protection", value={"checked": True}, by=alice, now=LATER)
    with pytest.raises(StepAlreadyRecorded):
        record_step(case=case, key="protection", value={"checked": True}, by=erin)
    row = _row(case, "protection")
    assert (row.done_by, row.done_at) == (alice, LATER)
    assert _stored() == (1, 1, 1)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("inform_authority", {"checked": True}, "the school's direction"),
        ("association_call", {"text": "Appel"}, "the association"),
    ],
)
def test_a_step_of_another_role_is_refused(case, erin, key, value, message):
    with pytest.raises(CaseError, match=message):
        record_step(case=case, key=key, value=value, by=erin)
    assert _stored() == (0, 0, 0)


def test_the_association_records_its_own_steps_only(case, dora):
    _link_dora(case)
    with pytest.raises(CaseError, match="school's team"):
        record_step(case=case, key="protection", value={"checked": True}, by=dora)
    record_step(case=case, key="association_call", value={"text": "Appel"}, by=dora)
    row = AuditEvent.objects.get(action=AuditAction.CASE_STEP_RECORDED)
    assert (row.actor, row.actor_kind) == (dora, ActorKind.STAFF)


def test_an_educator_records_an_educator_s_step(case, erin):
    assert (
        record_step(case=case, key="protection", value={"checked": True}, by=erin).done_by == erin
    )


def test_nothing_is_recorded_on_a_closed_case(case, alice):
    close_case(case=case, by=alice, outcome="stopped")
    with pytest.raises(CaseError, match="closed"):
        record_step(case=case, key="protection", value={"checked": True}, by=alice)
    assert _stored() == (0, 0, 0)


def test_outsiders_are_told_the_case_does_not_exist(case, bob, charlie, remi):
    for user in (bob, charlie, remi):
        with pytest.raises(Http404):
            record_step(case=case, key="protection", value={"checked": True}, by=user)
    assert _stored() == (0, 0, 0)


def test_the_steps_that_follow_fall_due_from_the_recording(case, alice):
    assert _row(case, "parents_meeting").due_at is None
    assert _row(case, "review").due_at is None
    record_step(case=case, key="hear_target", value={"date": "2026-03-03"}, by=alice, now=LATER)
    assert _row(case, "parents_meeting").due_at == LATER + timedelta(days=5)
    record_step(case=case, key="protection", value={"checked": True}, by=alice, now=LATER)
    assert _row(case, "review").due_at == LATER + timedelta(days=15)
    # Untouched: the steps due from the opening.
    assert _row(case, "concern_meetings").due_at == OPENED + timedelta(days=10)


def test_the_audit_names_the_step_never_its_value(case, alice, dora):
    _link_dora(case)
    secret = "Élève A a parlé de son cousin."
    record_step(case=case, key="association_call", value={"text": secret}, by=dora)
    row = AuditEvent.objects.get(action=AuditAction.CASE_STEP_RECORDED)
    assert row.details == {"steps": ["association_call"]}
    assert row.object_id == str(case.pk)
    assert secret not in str(row.details)


def test_the_proof_entry_covers_the_recorded_value_and_is_kept_on_the_step(case, alice):
    row = record_step(
        case=case, key="hear_target", value={"date": "2026-03-02"}, by=alice, now=LATER
    )
    entry = ProofEntry.objects.get(kind=ProofKind.CASE_STEP_RECORDED)
    assert _row(case, "hear_target").entry == entry == row.entry
    payload = {
        "case": str(case.pk),
        "step": "hear_target",
        "done_at": LATER.isoformat(),
        "value_sha256": _digest({"date": "2026-03-02"}),
    }
    assert entry.digest == event_digest(bytes(entry.salt), payload)
    # Not a step the family sees: not linked to an alert.
    assert entry.alert_id is None


def test_a_step_the_family_sees_is_linked_to_the_case_s_first_alert(protocol, acknowledged, alice):
    case = open_from_notice(notice=acknowledged, by=alice)
    row = record_step(case=case, key="protection", value={"checked": True}, by=alice)
    assert row.family_visible
    assert row.entry.alert_id == acknowledged.alert_id
    other = record_step(case=case, key="inform_authority", value={"checked": True}, by=alice)
    assert other.entry.alert_id is None
