"""``relais send_outbox [--once] [--loop-seconds N]``: the outbox worker.

Without --once it loops: send what is due, check the deadlines every DEADLINE_CHECK_SECONDS,
sleep N seconds. A SIGTERM or Ctrl-C stops it after the current round, never mid-message
(a `kill -9` mid-message is what the outbox's reconciliation is for).
"""

from __future__ import annotations

import logging
import signal
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections

from relais.notices.deadlines import check_deadlines
from relais.notices.outbox import reconcile_interrupted, send_due

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Send the e-mails waiting in the outbox (notices, reminders, escalations)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Send what is due, then exit.")
        parser.add_argument("--loop-seconds", type=float, default=5.0, help="Pause between rounds.")

    def handle(self, *args: Any, once: bool = False, loop_seconds: float = 5.0, **kw: Any) -> None:
        if once:
            reconcile_interrupted()
            made = send_due()
            self.stdout.write(f"{made} attempt(s)")
            return
        stopping = False

        def stop(*_: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        last_check = 0.0
        reconciled = False
        while not stopping:
            # A database that is busy or away for a while (SQLite locked by a long chat import, a
            # PostgreSQL restart) must not end the loop: nothing else would send the notices. Each
            # step is its own transaction, so a failed round changed nothing; it is tried again.
            try:
                if not reconciled:
                    reconcile_interrupted()
                    reconciled = True
                send_due()
                if time.monotonic() - last_check >= settings.DEADLINE_CHECK_SECONDS:
                    check_deadlines()
                    last_check = time.monotonic()
            except DatabaseError:
                logger.exception("outbox round failed; trying again next round")
                close_old_connections()
            deadline = time.monotonic() + loop_seconds
            while not stopping and time.monotonic() < deadline:
                time.sleep(min(0.5, loop_seconds))
