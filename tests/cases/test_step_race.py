"""Two members recording the same step at the same moment (two clicks, two tabs, two people):
the row lock lets one through; the other is told the step was already recorded, and the log
holds one entry and one audit row. PostgreSQL only: SQLite runs one writer at a time."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from relais.audit.models import AuditAction, AuditEvent
from relais.cases.models import CaseStep, Origin
from relais.cases.services import StepAlreadyRecorded, open_case, record_step
from relais.proofs.kinds import ProofKind
from relais.proofs.models import ProofEntry
from tests.cases.protocols import packs_with_test_protocol
from tests.factories import SchoolFactory, UserFactory


@pytest.mark.only_on("postgresql")
@pytest.mark.django_db(transaction=True)
def test_a_step_recorded_twice_at_once_is_recorded_once(settings: Any, tmp_path: Any) -> None:
    settings.JURISDICTION_PACKS_DIR = packs_with_test_protocol(tmp_path / "packs")
    school = SchoolFactory(name="Institut Saint-Henri", city="Mouscron")
    members = [
        UserFactory(username=f"member{n}", organisation=None, role="educator", school=school)
        for n in range(4)
    ]
    case = open_case(school=school, by=members[0], origin=Origin.PUPIL)
    start = threading.Barrier(len(members))
    outcomes: list[str] = []

    def record(member: Any) -> None:
        try:
            start.wait()
            record_step(case=case, key="protection", value={"checked": True}, by=member)
            outcomes.append("recorded")
        except StepAlreadyRecorded:
            outcomes.append("refused")
        except BaseException as error:  # shown by the assertion below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(member,)) for member in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["recorded", "refused", "refused", "refused"]
    row = CaseStep.objects.get(case=case, key="protection")
    assert row.done_by in members
    assert ProofEntry.objects.filter(kind=ProofKind.CASE_STEP_RECORDED).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.CASE_STEP_RECORDED).count() == 1
