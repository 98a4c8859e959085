"""``relais check_deadlines``: queue the reminders and propose the escalations that are due."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from relais.notices.deadlines import check_deadlines


class Command(BaseCommand):
    help = "Queue acknowledgment reminders and propose escalations whose time has come."

    def handle(self, *args: Any, **options: Any) -> None:
        report = check_deadlines()
        self.stdout.write(f"{report.reminders} reminder(s), {report.proposals} escalation(s)")
