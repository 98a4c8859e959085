"""relais proofs check: the log's promises, checked as a Certificate Transparency monitor checks a
log. Exit 1 when an entry is past its merge_by (not merged yet, or merged late)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from relais.proofs.monitor import broken_promises


class Command(BaseCommand):
    help = "The proof log's own checks. `check`: list the entries past their merge_by."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        check = actions.add_parser(
            "check",
            help="list entries not in a signed tree head by their merge_by (exit 1 when any)",
        )
        check.add_argument(
            "--hours",
            type=float,
            default=24,
            help="also list the entries recorded in the last HOURS that were merged late "
            "(default 24)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        broken = broken_promises(now=now, hours=options["hours"])
        if not broken:
            self.stdout.write(
                "Every promise is kept: no entry is past its merge_by without a signed tree "
                f"head, and none of the last {options['hours']:g} hours was merged late."
            )
            return
        for promise in broken:
            self.stderr.write(promise.sentence(now))
        self.stderr.write(f"{len(broken)} broken promise(s).")
        sys.exit(1)
