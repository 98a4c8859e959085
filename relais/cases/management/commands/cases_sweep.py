"""``relais cases_sweep``: one deadline sweep of the school cases, for those who run it from cron
rather than through `relais worker` (which sweeps every RELAIS_CASES_SWEEP_SECONDS)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from relais.cases.deadlines import sweep


class Command(BaseCommand):
    help = "Remind overdue case steps, propose escalations and flag overdue referrals."

    def handle(self, *args: Any, **options: Any) -> None:
        report = sweep()
        self.stdout.write(
            f"{report.reminded} step(s) reminded in {report.emails} e-mail(s), "
            f"{report.proposed} escalation(s) proposed, "
            f"{report.overdue_referrals} referral(s) overdue"
        )
