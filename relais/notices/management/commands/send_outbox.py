"""``relais send_outbox [--once]``: one round of the outbox, by hand.

`relais worker` runs the same job every RELAIS_OUTBOX_INTERVAL seconds; this command is for
when no worker runs (a test, a script). Attempts left without a reply are reconciled first.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from relais.notices.tasks import send_outbox


class Command(BaseCommand):
    help = "Send the e-mails waiting in the outbox (notices, reminders, escalations), once."

    def add_arguments(self, parser: CommandParser) -> None:
        # One round is all this command does; the flag stays for the scripts that pass it.
        parser.add_argument("--once", action="store_true", help="one round (the default)")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{send_outbox.call()} attempt(s)")
