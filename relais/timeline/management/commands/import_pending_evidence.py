"""relais import_pending_evidence: read the chat exports and images no worker has processed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from relais.timeline.imports import pending_imports, pending_ocr, process_item


class Command(BaseCommand):
    help = (
        "Turn chat exports not imported yet into timeline events and read the text of images "
        "not read yet (what the background worker does after each upload)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=0, help="at most this many items")
        parser.add_argument("--no-ocr", action="store_true", help="leave images alone")

    def handle(self, *args: Any, **options: Any) -> None:
        done: dict[str, int] = {}
        querysets = [pending_imports()] + ([] if options["no_ocr"] else [pending_ocr()])
        limit = options["limit"]
        count = 0
        for queryset in querysets:
            for item in queryset.select_related("alert__school").order_by("created_at"):
                if limit and count >= limit:
                    break
                outcome = process_item(item)
                done[outcome] = done.get(outcome, 0) + 1
                count += 1
        summary = ", ".join(f"{name}: {n}" for name, n in sorted(done.items())) or "nothing"
        self.stdout.write(f"{count} item(s) processed ({summary}).")
