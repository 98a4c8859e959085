"""relais worker: every background job of Relais, deferred or recurring, in one process.

`make run` starts one beside the web server; at scale run several, on any machines: see the
README's "Background work". SIGTERM or Ctrl-C lets each lane finish its task, then stops; a
second one stops at once (the tasks cut short are run again by the next worker).
"""

from __future__ import annotations

import logging
import signal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from relais.worker import runner, schedule

logger = logging.getLogger("relais.worker.runner")


class Command(BaseCommand):
    help = "Run the background jobs: signing, e-mails, deadlines, imports, OCR, dossiers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queues",
            default=",".join(schedule.queues()),
            help="comma-separated queues to serve, one lane each (default: all)",
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds a lane waits when idle"
        )
        parser.add_argument(
            "--no-schedule", action="store_true", help="do not queue the recurring jobs"
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help="queue the recurring jobs that are due, run every ready task, then exit",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        queues = [name for name in options["queues"].split(",") if name]
        unknown = set(queues) - set(schedule.queues())
        if unknown or not queues:
            raise CommandError(f"Unknown queue(s): {', '.join(sorted(unknown)) or '(none)'}")
        scheduling = not options["no_schedule"]
        if options["once"]:
            count = runner.drain(queues, scheduling=scheduling)
            self.stdout.write(f"{count} task(s) run.")
            return
        if settings.PROOFS_SIGN_INTERVAL * 2 > settings.PROOFS_MERGE_DELAY:
            logger.warning(
                "signing every %s s leaves little of the %s s promised to merge an entry: "
                "set RELAIS_PROOFS_SIGN_INTERVAL below half of RELAIS_PROOF_MERGE_DELAY",
                settings.PROOFS_SIGN_INTERVAL,
                settings.PROOFS_MERGE_DELAY,
            )
        worker = runner.Worker(queues, interval=options["interval"], scheduling=scheduling)

        def stop(signum: int, _frame: Any) -> None:
            if worker.stopping.is_set():
                raise SystemExit(1)  # asked twice: stop now
            logger.warning("%s: finishing the tasks under way", signal.Signals(signum).name)
            worker.stop()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        worker.start()
        while worker.alive():
            for thread in [*worker.lanes, worker.clock]:
                if thread is not None:
                    thread.join(timeout=0.5)
