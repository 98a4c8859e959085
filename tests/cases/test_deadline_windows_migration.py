"""Migration cases.0006: the marks the former sweep wrote on each step become runs of the sweep,
so that every open step keeps the day it was reminded and proposed on; what was never reminded is
reminded by the next sweep, never said to be reminded; and the database goes back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from relais.cases.deadlines import EPOCH, sweep
from relais.cases.marks import NONE, marks_for
from relais.cases.models import CaseStep, DeadlineSweep
from relais.protocols.loader import get_protocol
from tests.cases.migration_support import apps_at, latest, migrate

BEFORE = ("cases", "0005_case_alert_linked_at")


def _marks() -> dict[str, object]:
    steps = list(CaseStep.objects.filter(case__number="2026-1"))
    found = marks_for(steps)
    return {step.key: found.get(step.pk, NONE) for step in steps}


@pytest.mark.django_db(transaction=True)
def test_the_former_marks_become_runs_and_go_back():
    latest_nodes = latest()
    now = timezone.now()
    first_sweep, second_sweep = now - timedelta(days=10), now - timedelta(days=5)
    a, b, c, d, e = (step.key for step in get_protocol("mouscron").steps[:5])
    try:
        old = apps_at(migrate([BEFORE]), BEFORE)
        school = old.get_model("schools", "School").objects.create(
            name="Athénée Léonie de Waha",
            code="5678",
            jurisdiction="be-fwb",
            direction_email="direction@waha.example",
        )
        case = old.get_model("cases", "Case").objects.create(
            school=school, number="2026-1", protocol="mouscron", origin="pupil", opened_at=now
        )
        Step = old.get_model("cases", "CaseStep")

        def step(key, due, **marks):
            Step.objects.create(case=case, key=key, due_at=due, **marks)

        step(
            a,
            now - timedelta(days=20),
            reminded_at=first_sweep,
            escalation_proposed_at=second_sweep,
        )
        step(b, now - timedelta(days=7), reminded_at=second_sweep)
        step(c, now - timedelta(days=8))  # overdue, never reminded (the worker was stopped)
        step(d, now + timedelta(days=3))
        step(e, now - timedelta(days=30), reminded_at=first_sweep, done_at=now - timedelta(days=2))
        # A school without an official address, which the former sweep marked reminded all the
        # same, its audit row saying it was not e-mailed.
        silent = old.get_model("schools", "School").objects.create(
            name="École sans adresse", code="9999", jurisdiction="be-fwb"
        )
        unmailed = old.get_model("cases", "Case").objects.create(
            school=silent, number="2026-2", protocol="mouscron", origin="pupil", opened_at=now
        )
        Step.objects.create(
            case=unmailed, key=a, due_at=now - timedelta(days=20), reminded_at=first_sweep
        )
        old.get_model("audit", "AuditEvent").objects.create(
            actor_kind="system",
            action="case.step_reminded",
            object_type="cases.case",
            object_id=str(unmailed.pk),
            details={"steps": [a], "emailed": False},
        )

        migrate(latest_nodes)

        runs = list(
            DeadlineSweep.objects.order_by("through").values_list("since", "through", "unmailed")
        )
        assert runs == [(EPOCH, first_sweep, [str(silent.pk)]), (first_sweep, second_sweep, [])]
        [silent_step] = CaseStep.objects.filter(case_id=unmailed.pk)
        assert marks_for([silent_step]) == {}  # not said to have been sent a reminder
        marks = _marks()
        assert (marks[a].reminded_at, marks[a].escalation_proposed_at) == (
            first_sweep,
            second_sweep,
        )
        assert (marks[b].reminded_at, marks[b].escalation_proposed_at) == (second_sweep, None)
        assert marks[c] == marks[d] == marks[e] == NONE

        old = apps_at(migrate([BEFORE]), BEFORE)
        back = {
            row.key: (row.reminded_at, row.escalation_proposed_at)
            for row in old.get_model("cases", "CaseStep").objects.filter(
                done_at__isnull=True, case__number="2026-1"
            )
        }
        assert back == {
            a: (first_sweep, second_sweep),
            b: (second_sweep, None),
            c: (None, None),
            d: (None, None),
        }

        migrate(latest_nodes)
        report = sweep(now)
        assert report.reminded == 1  # c, at last; a and b are not reminded twice
        assert _marks()[c].reminded_at == now
    finally:
        migrate(latest_nodes)
