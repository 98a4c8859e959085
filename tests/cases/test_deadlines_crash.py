"""A sweep killed in the middle (`kill -9` inside its second batch, in a real `relais cases_sweep`
process) leaves its first batch whole and nothing of the second; the next sweep does the rest, and
nothing twice."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from relais.audit.models import AuditAction, AuditEvent
from relais.cases.deadlines import FAULT_ENV
from relais.cases.models import CaseStep
from relais.notices.models import OutboxKind, OutboxMessage
from tests.cases.sweep_support import open_case_at, sweep_packs  # noqa: F401
from tests.factories import SchoolFactory
from tests.notices.conftest import RELAIS, Worker


class Sweeper(Worker):
    """`relais cases_sweep` in its own process, two steps to a batch."""

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


def test_a_killed_sweep_leaves_each_batch_whole(sweeper):
    # Three schools, each with one case whose two first steps are overdue: one batch each.
    opened = timezone.now() - timedelta(days=3, hours=12)
    schools = [SchoolFactory() for _ in range(3)]
    cases = [open_case_at(school, opened, "2026-1") for school in schools]

    killed = sweeper.sweep(fault="cases_sweep_batch_2")

    assert killed.returncode == 137, killed.stderr
    reminded = CaseStep.objects.filter(reminded_at__isnull=False)
    [done] = {step.case_id for step in reminded}
    assert reminded.count() == 2  # the first batch, whole
    school = next(case.school for case in cases if case.pk == done)
    [message] = OutboxMessage.objects.filter(kind=OutboxKind.REMINDER)
    assert message.to_email == school.direction_email
    [row] = AuditEvent.objects.filter(action=AuditAction.CASE_STEP_REMINDED)
    assert row.object_id == str(done)

    again = sweeper.sweep()

    assert again.returncode == 0, again.stderr
    assert "4 step(s) reminded in 2 e-mail(s)" in again.stdout
    assert CaseStep.objects.filter(reminded_at__isnull=False).count() == 6
    sent_to = sorted(m.to_email for m in OutboxMessage.objects.filter(kind=OutboxKind.REMINDER))
    assert sent_to == sorted(s.direction_email for s in schools)
    assert AuditEvent.objects.filter(action=AuditAction.CASE_STEP_REMINDED).count() == 3
