"""Workflows as data, the generic part: a table of moves, and the one function that applies a move.

Each app keeps its own tables (relais/notices/workflow.py, relais/cases/workflow.py): every
allowed move, as from-state, event, to-state, who may trigger it (the audit row's actor kind),
the audit action it writes (None: written elsewhere, or not at all) and the proof kind that
proves it (None: not proved). ``move`` refuses any move its table does not hold, a move by
anyone but the row's actor kind, a move outside a transaction, and a proved move without its
entry of that kind (appended first by the app's proof_events, in the same transaction).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction

from relais.audit.models import ActorKind, AuditAction
from relais.audit.services import record
from relais.proofs.kinds import ProofKind
from relais.proofs.models import ProofEntry


@dataclass(frozen=True)
class Move:
    source: str
    event: str
    target: str
    by: ActorKind
    audit: AuditAction | None = None
    proof: ProofKind | None = None


class IllegalMove(Exception):
    """A move its workflow's table does not hold: a bug in the caller, never a user's error."""


def find(table: Sequence[Move], name: str, source: str, event: str, by: ActorKind) -> Move:
    """The row of ``table`` for ``event`` from ``source``, if ``by`` may trigger it. ``name``
    names the workflow in the message (the model's name)."""
    for step in table:
        if (step.source, step.event) == (source, event):
            if step.by != by:
                raise IllegalMove(f"{name}: {event!r} from {source!r} is for {step.by}, not {by}")
            return step
    raise IllegalMove(f"{name}: no move {event!r} from state {source!r}")


def move(
    table: Sequence[Move],
    obj: models.Model,
    event: str,
    *,
    by: ActorKind,
    actor: Any = None,
    audit_on: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    proof: ProofEntry | None = None,
    **details: Any,
) -> None:
    """Apply one move of ``table`` to ``obj`` (a model with ``state`` and ``updated_at``): write
    the state (and ``changes``) and its audit row on ``audit_on``, in the caller's transaction.
    A proved move needs ``proof``, the entry of its kind appended in this transaction."""
    name = type(obj).__name__
    step = find(table, name, obj.state, event, by)  # type: ignore[attr-defined]
    if transaction.get_autocommit():
        raise IllegalMove("a move runs inside the transaction of the event it records")
    if (proof.kind if proof is not None else None) != step.proof:
        raise IllegalMove(
            f"{name}: {event!r} is proved by {step.proof}, "
            f"given {proof.kind if proof is not None else None}"
        )
    changes = changes or {}
    obj.state = step.target  # type: ignore[attr-defined]
    for field, value in changes.items():
        setattr(obj, field, value)
    obj.save(update_fields=["state", *changes, "updated_at"])
    if step.audit is not None:
        assert audit_on is not None, "an audited move needs the object it is about"
        record(actor=actor, actor_kind=by, action=step.audit, obj=audit_on, **details)


class Workflows:
    """One app's tables, keyed by model, with the app's ``find`` and ``move`` (an app binds them
    to module names rather than wrapping the functions above again)."""

    def __init__(self, tables: Mapping[type[models.Model], Sequence[Move]]) -> None:
        self.tables = tables

    def find(self, model: type[models.Model], source: str, event: str, by: ActorKind) -> Move:
        return find(self.tables[model], model.__name__, source, event, by)

    def move(
        self,
        obj: models.Model,
        event: str,
        *,
        by: ActorKind,
        actor: Any = None,
        audit_on: models.Model | None = None,
        changes: dict[str, Any] | None = None,
        proof: ProofEntry | None = None,
        **details: Any,
    ) -> None:
        """``move`` over the table of ``obj``'s model."""
        move(
            self.tables[type(obj)],
            obj,
            event,
            by=by,
            actor=actor,
            audit_on=audit_on,
            changes=changes,
            proof=proof,
            **details,
        )
