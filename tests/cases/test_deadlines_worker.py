"""The worker sweeps the cases' deadlines on its own, every RELAIS_CASES_SWEEP_SECONDS, and the
same sweep runs by hand as `relais cases_sweep`."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from relais.cases import tasks as cases
from relais.cases.marks import marks_for
from relais.cases.models import CaseStep
from relais.worker.models import RecurringJob
from tests.background.test_each_recurring_job_runs_once import one_round, ran_once
from tests.cases.sweep_support import open_case_at, sweep_packs  # noqa: F401


def test_the_worker_sweeps_the_deadlines(school, sweep_packs, settings):  # noqa: F811
    settings.CASES_SWEEP_SECONDS = 300
    open_case_at(school, timezone.now() - timedelta(days=2, hours=1), "2026-1")
    started = timezone.now()

    one_round()

    assert ran_once(cases.sweep_deadlines) == {
        "reminded": 1,
        "emails": 1,
        "proposed": 0,
        "overdue_referrals": 0,
    }
    job = RecurringJob.objects.get(name="cases.sweep")
    # Queued at some moment of the round: next due RELAIS_CASES_SWEEP_SECONDS after it.
    assert started + timedelta(seconds=300) <= job.next_run_at
    assert job.next_run_at <= timezone.now() + timedelta(seconds=300)


def test_the_command_sweeps_once(school, sweep_packs):  # noqa: F811
    open_case_at(school, timezone.now() - timedelta(days=3, hours=1), "2026-1")
    out = StringIO()

    call_command("cases_sweep", stdout=out)
    call_command("cases_sweep", stdout=out)

    assert out.getvalue().splitlines() == [
        "2 step(s) reminded in 1 e-mail(s), 0 escalation(s) proposed, 0 referral(s) overdue",
        "0 step(s) reminded in 0 e-mail(s), 0 escalation(s) proposed, 0 referral(s) overdue",
    ]
    found = marks_for(CaseStep.objects.all()).values()
    assert len([m for m in found if m.reminded_at]) == 2
