"""The cases' recurring job, queued by the worker's scheduler (relais/worker/schedule.py).

Safe to run again after a worker died in the middle: each batch of the sweep commits whole or not
at all, and what was reminded, proposed or flagged is never done again (relais/cases/deadlines.py).
"""

from __future__ import annotations

from django_tasks import task

from relais.cases import deadlines


@task(queue_name="routine")
def sweep_deadlines() -> dict[str, int]:
    """Remind overdue steps, propose escalations and flag overdue referrals."""
    report = deadlines.sweep()
    return {
        "reminded": report.reminded,
        "emails": report.emails,
        "proposed": report.proposed,
        "overdue_referrals": report.overdue_referrals,
    }
