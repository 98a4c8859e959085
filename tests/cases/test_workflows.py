"""The workflows of cases and referrals (relais.cases.workflow): every move in a table works,
with its audit row and proof entry; a proved move refuses to go without its entry; every pair
outside the tables is refused; nobody but the row's actor kind may trigger a move."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import models, transaction
from django.utils import timezone

from relais.audit.models import AuditEvent
from relais.cases import workflow
from relais.cases.models import Case, ConsentBy, Referral
from relais.proofs.models import ProofEntry
from relais.proofs.services import append


def _make(model: type[models.Model], state: str, school: Any, by: Any, service: Any) -> Any:
    now = timezone.now()
    case = Case.objects.create(
        school=school, number="2026-1", protocol="test", origin="pupil", opened_at=now
    )
    if model is Case:
        case.state = state
        case.save(update_fields=["state"])
        return case
    return Referral.objects.create(
        case=case,
        service=service,
        state=state,
        consent_by=ConsentBy.PARENTS,
        consent_at=now,
        request="Un suivi de l'élève A",
        referred_by=by,
        sent_at=now,
        answer_by=now + timedelta(days=7),
    )


ROWS = [
    pytest.param(model, step, id=f"{model.__name__}:{step.source}-{step.event}->{step.target}")
    for model, table in workflow.TABLES.items()
    for step in table
]


@pytest.mark.parametrize(("model", "step"), ROWS)
def test_every_move_in_the_tables_works(
    model: Any, step: workflow.Move, school: Any, alice: Any, pms: Any
) -> None:
    obj = _make(model, step.source, school, alice, pms)
    audits, proofs = AuditEvent.objects.count(), ProofEntry.objects.count()

    with transaction.atomic():
        entry = append(kind=step.proof, payload={"x": 1}) if step.proof else None
        workflow.move(obj, step.event, by=step.by, actor=alice, audit_on=obj, proof=entry)

    obj.refresh_from_db()
    assert obj.state == step.target
    assert AuditEvent.objects.count() == audits + (step.audit is not None)
    row = AuditEvent.objects.order_by("-pk").first()
    assert row is not None
    assert (row.action, row.actor_kind, row.object_id) == (step.audit, step.by, str(obj.pk))
    # A member acting through their account is named, whether of a school or of a relay.
    assert row.actor == alice
    assert ProofEntry.objects.count() == proofs + (step.proof is not None)


@pytest.mark.parametrize(("model", "step"), ROWS)
def test_a_proved_move_needs_its_entry(
    model: Any, step: workflow.Move, school: Any, alice: Any, pms: Any
) -> None:
    assert step.proof is not None, "every move of a case or a referral is proved"
    obj = _make(model, step.source, school, alice, pms)
    for kind in (None, "alert.received"):
        with transaction.atomic(), pytest.raises(workflow.IllegalMove, match="proved by"):
            entry = append(kind=kind, payload={"x": 1}) if kind else None
            workflow.move(obj, step.event, by=step.by, audit_on=obj, proof=entry)
    obj.refresh_from_db()
    assert obj.state == step.source


ILLEGAL = [
    pytest.param(model, state, event, id=f"{model.__name__}:{state}-{event}")
    for model, table in workflow.TABLES.items()
    for state in workflow.STATES[model].choices
    for event in sorted({step.event for step in table})
    if (state[0], event) not in {(step.source, step.event) for step in table}
]


@pytest.mark.parametrize(("model", "state", "event"), ILLEGAL)
def test_every_pair_outside_the_tables_is_refused(
    model: Any, state: tuple[str, str], event: str, school: Any, alice: Any, pms: Any
) -> None:
    obj = _make(model, state[0], school, alice, pms)

    with transaction.atomic(), pytest.raises(workflow.IllegalMove, match="no move"):
        workflow.move(obj, event, by=workflow.SCHOOL, audit_on=obj)

    obj.refresh_from_db()
    assert obj.state == state[0]


@pytest.mark.parametrize(("model", "step"), ROWS)
def test_nobody_else_may_trigger_a_move(
    model: Any, step: workflow.Move, school: Any, alice: Any, pms: Any
) -> None:
    obj = _make(model, step.source, school, alice, pms)
    others = {workflow.STAFF, workflow.SYSTEM, workflow.SCHOOL, workflow.RELAY} - {step.by}
    for by in others:
        with transaction.atomic(), pytest.raises(workflow.IllegalMove, match="not"):
            workflow.move(obj, step.event, by=by, audit_on=obj)
    obj.refresh_from_db()
    assert obj.state == step.source


@pytest.mark.django_db(transaction=True)
def test_a_move_outside_a_transaction_is_refused(school: Any, alice: Any, pms: Any) -> None:
    case = _make(Case, "open", school, alice, pms)
    with pytest.raises(workflow.IllegalMove, match="inside the transaction"):
        workflow.move(case, "close", by=workflow.SCHOOL, audit_on=case)
    case.refresh_from_db()
    assert case.state == "open"


def test_the_relay_answers_and_the_school_revokes() -> None:
    by_event = {(step.source, step.event): step.by for step in workflow.REFERRAL_MOVES}
    assert by_event == {
        ("sent", "accept"): workflow.RELAY,
        ("sent", "refuse"): workflow.RELAY,
        ("accepted", "done"): workflow.RELAY,
        ("sent", "revoke"): workflow.SCHOOL,
        ("accepted", "revoke"): workflow.SCHOOL,
    }
