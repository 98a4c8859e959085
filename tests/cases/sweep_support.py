"""What the deadline sweep's tests start from: the packs with a small protocol of their own
(tests/cases/data/sweeptest.yaml: hear_target due 2 days after the opening, measures due after
3 days with escalation 1 day later, follow_up due 2 weeks after measures is recorded; the
protocol's own escalation delay is 5 days), and cases as `open_case` leaves them, opened at a
given time."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from relais.cases.deadlines import sweep
from relais.cases.models import Case, CaseAlert, CaseState, CaseStep, Origin
from relais.cases.steps import deadline_fields
from relais.jurisdictions.packs import PACK_DIR
from relais.protocols.loader import get_protocol

DATA = Path(__file__).parent / "data"
PROTOCOL = "sweeptest"


@pytest.fixture
def sweep_packs(settings: Any, tmp_path: Path) -> Path:
    """The shipped packs, with the test protocol among Wallonia-Brussels' protocols."""
    folder = tmp_path / "packs"
    shutil.copytree(PACK_DIR, folder, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    (folder / "be-fwb" / "protocols").mkdir(exist_ok=True)
    shutil.copy(DATA / f"{PROTOCOL}.yaml", folder / "be-fwb" / "protocols")
    pack = folder / "be-fwb" / "pack.yaml"
    if "\nprotocol:" not in pack.read_text(encoding="utf-8"):
        # A pack with several protocols names its default; the shipped one may have had one only.
        with pack.open("a", encoding="utf-8") as file:
            file.write(f"\nprotocol: {PROTOCOL}\n")
    settings.JURISDICTION_PACKS_DIR = folder
    return folder


def open_case_at(
    school: Any,
    opened_at: datetime,
    number: str,
    *,
    alert: Any = None,
    state: str = CaseState.OPEN,
) -> Case:
    """A case of ``school`` opened at ``opened_at``, one step per step of the test protocol: due
    from the opening, or waiting (no due date) for the step it follows."""
    case = Case.objects.create(
        school=school,
        number=number,
        protocol=PROTOCOL,
        origin=Origin.NOTICE if alert else Origin.PUPIL,
        opened_at=opened_at,
        state=state,
    )
    protocol = get_protocol(PROTOCOL)
    for step in protocol.steps:
        due = opened_at + step.delay if step.after == "opening" and step.delay else None
        CaseStep.objects.create(
            case=case,
            key=step.key,
            family_visible=bool(step.family),
            **deadline_fields(protocol, step, due, now=opened_at),
        )
    if alert is not None:
        CaseAlert.objects.create(case=case, alert=alert)
    return case


def overdue_and_swept(case: Case, key: str, *, due_at: datetime, propose: bool = True) -> None:
    """Make the step of ``case`` due at ``due_at`` (past) and run the real sweep now, which
    reminds it and, with ``propose``, proposes its escalation."""
    CaseStep.objects.filter(case=case, key=key).update(
        due_at=due_at, remind_at=due_at, escalate_at=due_at if propose else None
    )
    sweep(timezone.now())
