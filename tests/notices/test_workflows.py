"""The workflows of notices, outbox messages and escalation proposals (relais.notices.workflow):
every move in a table works, with its audit row and proof entry; a proved move refuses to go
without its entry; every pair outside the tables is refused; statuses that record an event are
reached only by the system or the school."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import models, transaction

from relais.audit.models import AuditEvent
from relais.notices import workflow
from relais.notices.models import EscalationProposal, Notice, OutboxKind
from relais.notices.queue import queue_message
from relais.proofs.models import ProofEntry
from relais.proofs.services import append


def _make(model: type[models.Model], state: str, alert: Any) -> Any:
    notice = Notice.objects.create(
        alert=alert, jurisdiction="BE-FR", subject="Objet", body="Texte", state="sent"
    )
    if model is Notice:
        notice.state = state
        notice.save(update_fields=["state"])
        return notice
    if model is EscalationProposal:
        return EscalationProposal.objects.create(notice=notice, state=state)
    message = queue_message(
        kind=OutboxKind.NOTICE, to="direction@ecole.test", subject="s", body="b", notice=notice
    )
    message.state = state
    message.save(update_fields=["state"])
    return message


ROWS = [
    pytest.param(model, step, id=f"{model.__name__}:{step.source}-{step.event}->{step.target}")
    for model, table in workflow.TABLES.items()
    for step in table
]


@pytest.mark.parametrize(("model", "step"), ROWS)
def test_every_move_in_the_tables_works(model: Any, step: workflow.Move, triaged: Any) -> None:
    obj = _make(model, step.source, triaged)
    audits, proofs = AuditEvent.objects.count(), ProofEntry.objects.count()

    with transaction.atomic():
        entry = append(kind=step.proof, payload={"x": 1}, alert=triaged) if step.proof else None
        workflow.move(
            obj, step.event, by=step.by, audit_on=triaged, proof=entry, notice=str(obj.pk)
        )

    obj.refresh_from_db()
    assert obj.state == step.target
    assert AuditEvent.objects.count() == audits + (step.audit is not None)
    if step.audit:
        row = AuditEvent.objects.order_by("-pk").first()
        assert row is not None
        assert (row.action, row.actor_kind) == (step.audit, step.by)
    assert ProofEntry.objects.count() == proofs + (step.proof is not None)


PROVED = [
    pytest.param(model, step, id=f"{model.__name__}:{step.source}-{step.event}->{step.target}")
    for model, table in workflow.TABLES.items()
    for step in table
    if step.proof is not None
]


@pytest.mark.parametrize(("model", "step"), PROVED)
def test_a_proved_move_needs_its_entry(model: Any, step: workflow.Move, triaged: Any) -> None:
    obj = _make(model, step.source, triaged)
    for kind in (None, "alert.received"):
        with transaction.atomic(), pytest.raises(workflow.IllegalMove, match="proved by"):
            entry = append(kind=kind, payload={"x": 1}, alert=triaged) if kind else None
            workflow.move(obj, step.event, by=step.by, audit_on=triaged, proof=entry)
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
    model: Any, state: tuple[str, str], event: str, triaged: Any
) -> None:
    obj = _make(model, state[0], triaged)

    with transaction.atomic(), pytest.raises(workflow.IllegalMove, match="no move"):
        workflow.move(obj, event, by=workflow.SYSTEM, audit_on=triaged)

    obj.refresh_from_db()
    assert obj.state == state[0]


@pytest.mark.parametrize(("model", "step"), ROWS)
def test_nobody_else_may_trigger_a_move(model: Any, step: workflow.Move, triaged: Any) -> None:
    obj = _make(model, step.source, triaged)
    for by in {workflow.STAFF, workflow.SYSTEM, workflow.SCHOOL} - {step.by}:
        with transaction.atomic(), pytest.raises(workflow.IllegalMove, match="not"):
            workflow.move(obj, step.event, by=by, audit_on=triaged)
    obj.refresh_from_db()
    assert obj.state == step.source


def test_statuses_that_record_an_event_are_never_reached_by_a_person() -> None:
    for model, table in workflow.TABLES.items():
        for step in table:
            if step.target in workflow.EVENT_ONLY[model] and step.source != step.target:
                assert step.by != workflow.STAFF, step
