"""A case's change, its audit row and its proof entry are one transaction: when the database
refuses the last write (a trigger stands in for a full disk or a lost connection), nothing of
the event stays, neither the change, nor the entry, nor the audit row."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import DatabaseError, connection

from relais.audit.models import AuditAction, AuditEvent
from relais.cases.models import Case, CaseStep, Origin
from relais.cases.services import close_case, open_case, record_step
from relais.proofs.kinds import ProofKind
from relais.proofs.models import ProofEntry


@contextmanager
def refusing(table: str, column: str, value: str) -> Iterator[None]:
    """The database refuses to insert into ``table`` a row whose ``column`` is ``value``."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} "
                f"WHEN NEW.{column} = '{value}' BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
        else:
            cursor.execute(
                f"CREATE FUNCTION refuse_{table}() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.{column} = '{value}' THEN RAISE EXCEPTION 'refused'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION refuse_{table}()"
            )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DROP TRIGGER refuse_{table}"
                + ("" if connection.vendor == "sqlite" else f" ON {table}")
            )
            if connection.vendor != "sqlite":
                cursor.execute(f"DROP FUNCTION refuse_{table}()")


@pytest.fixture
def case(protocol: Any, school: Any, alice: Any) -> Case:
    return open_case(school=school, by=alice, origin=Origin.PUPIL)


def _counts() -> tuple[int, int]:
    return AuditEvent.objects.count(), ProofEntry.objects.count()


def test_a_step_whose_audit_row_fails_leaves_no_entry_and_is_not_recorded(case, alice):
    before = _counts()
    with (
        refusing("audit_auditevent", "action", AuditAction.CASE_STEP_RECORDED),
        pytest.raises(DatabaseError),
    ):
        record_step(case=case, key="protection", value={"checked": True}, by=alice)
    assert _counts() == before
    row = CaseStep.objects.get(case=case, key="protection")
    assert (row.done_at, row.value, row.entry_id) == (None, {}, None)
    # And it can be recorded once the database takes it.
    record_step(case=case, key="protection", value={"checked": True}, by=alice)


def test_a_closing_whose_audit_row_fails_leaves_no_entry_and_the_case_open(case, alice):
    before = _counts()
    with (
        refusing("audit_auditevent", "action", AuditAction.CASE_CLOSED),
        pytest.raises(DatabaseError),
    ):
        close_case(case=case, by=alice, outcome="stopped")
    assert _counts() == before
    case.refresh_from_db()
    assert (case.state, case.closed_at, case.outcome) == ("open", None, "")


def test_an_opening_whose_entry_fails_leaves_no_case_and_no_audit_row(protocol, school, alice):
    with refusing("proofs_proofentry", "kind", ProofKind.CASE_OPENED), pytest.raises(DatabaseError):
        open_case(school=school, by=alice, origin=Origin.PUPIL)
    assert not Case.objects.exists()
    assert not CaseStep.objects.exists()
    assert _counts() == (0, 0)
