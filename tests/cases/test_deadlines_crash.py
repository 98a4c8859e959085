"""A sweep killed in the middle (`kill -9` once its e-mails are written, before they commit, in a
real `relais cases_sweep` process) leaves nothing; the next sweep does it all, and nothing
twice."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from relais.audit.models import AuditAction, AuditEvent
from relais.cases.deadlines import FAULT_ENV
from relais.cases.marks import marks_for
from relais.cases.models import CaseStep, DeadlineSweep
from relais.notices.models import OutboxKind, OutboxMessage
from tests.cases.sweep_support import open_case_at, sweep_packs  # noqa: F401
from tests.factories import SchoolFactory
from tests.notices.conftest import RELAIS, Worker


class Sweeper(Worker):
    """`relais cases_sweep` in its own process (two referrals to a batch)."""

    def sweep(self, *, fault: str = "") -> subprocess.CompletedProcess[str]:
        env = {**self.env, "RELAIS_CASES_SWEEP_BATCH": "2"}
        if fault:
            env[FAULT_ENV] = fault
        if self.sqlite:
            self._push()
        done = subprocess.run(
            [RELAIS, "cases_sweep"], env=env, capture_output=True, text=True, timeout=120
        )
        if self.sqlite:
            self._pull()
        return done


@pytest.fixture
def sweeper(transactional_db: Any, sweep_packs: Any, tmp_path: Path, settings: Any) -> Sweeper:  # noqa: F811
    return Sweeper(tmp_path, 1, settings.SITE_URL)


def test_a_killed_sweep_leaves_nothing_and_the_next_does_it_all_once(sweeper):
    # Three schools, each with one case whose two first steps are overdue.
    opened = timezone.now() - timedelta(days=3, hours=12)
    schools = [SchoolFactory() for _ in range(3)]
    cases = [open_case_at(school, opened, "2026-1") for school in schools]

    killed = sweeper.sweep(fault="cases_sweep_commit")

    # Killed with its e-mails and audit rows written, before they committed: nothing is left.
    assert killed.returncode == 137, killed.stderr
    assert not DeadlineSweep.objects.exists()
    assert not OutboxMessage.objects.filter(kind=OutboxKind.REMINDER).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.CASE_STEP_REMINDED).exists()

    again = sweeper.sweep()

    assert again.returncode == 0, again.stderr
    assert "6 step(s) reminded in 3 e-mail(s)" in again.stdout
    sent_to = sorted(m.to_email for m in OutboxMessage.objects.filter(kind=OutboxKind.REMINDER))
    assert sent_to == sorted(s.direction_email for s in schools)
    assert AuditEvent.objects.filter(action=AuditAction.CASE_STEP_REMINDED).count() == 3
    steps = CaseStep.objects.filter(case__in=cases)
    reminded = [m for m in marks_for(steps).values() if m.reminded_at]
    assert len(reminded) == 6
    assert sweeper.sweep().stdout.count("0 step(s) reminded") == 1  # nothing twice
