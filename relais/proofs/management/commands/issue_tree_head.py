"""relais issue_tree_head: sequence pending entries and sign a tree head now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from relais.proofs import services
from relais.proofs.receipts import tree_head_json


class Command(BaseCommand):
    help = "Fold pending proof-log entries into the tree and sign a tree head (if anything is new)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--stamp", action="store_true", help="also ask the time-stamping authorities now"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        head = services.sequence_and_sign()
        if options["stamp"]:
            services.stamp_pending()
        latest = services.latest_tree_head()
        if head is None:
            self.stdout.write("No new entries; the latest tree head is unchanged.")
        if latest is not None:
            latest.refresh_from_db()
            self.stdout.write(str(tree_head_json(latest)))
