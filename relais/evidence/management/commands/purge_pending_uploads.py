"""relais purge_pending_uploads: remove the leftovers of uploads interrupted by a crash."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from relais.evidence.maintenance import purge_pending


class Command(BaseCommand):
    help = "Delete blobs of uploads that never finished (pending markers older than a day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hours", type=int, default=24, help="minimum age (default 24)")

    def handle(self, *args: Any, **options: Any) -> None:
        count = purge_pending(older_than=timedelta(hours=options["hours"]))
        self.stdout.write(f"{count} interrupted upload(s) cleaned up.")
