"""relais proofs_signer: the proof log's signer loop, run beside `relais db_worker`.

Every PROOFS_SIGN_INTERVAL seconds it folds new entries into the tree and signs a head when there
are any. Time-stamping runs in a second thread, so a slow or absent authority never delays the
signing (nor any request: requests never call an authority).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from relais.proofs import services

logger = logging.getLogger(__name__)
TIDY_EVERY = 100_000  # entries sequenced between two services.tidy() calls


def _loop(step: Any, interval: float, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            step()
        except Exception:  # a failed round is logged and retried next round
            logger.exception("proof log round failed")
        finally:
            close_old_connections()
        stop.wait(interval)


class Command(BaseCommand):
    help = "Sign proof-log tree heads periodically and fetch their time-stamp tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=None, help="seconds between rounds")
        parser.add_argument("--once", action="store_true", help="one round of each, then exit")

    def handle(self, *args: Any, **options: Any) -> None:
        interval = options["interval"] or settings.PROOFS_SIGN_INTERVAL
        if options["once"]:
            services.sequence_and_sign()
            services.stamp_pending()
            return
        stop = threading.Event()
        stamper = threading.Thread(
            target=_loop, args=(services.stamp_pending, interval, stop), daemon=True
        )
        stamper.start()
        tidied_at = [services.latest_tree_size()]

        def sign() -> None:
            services.sequence_and_sign()
            size = services.latest_tree_size()
            if size - tidied_at[0] >= TIDY_EVERY:
                services.tidy()
                tidied_at[0] = size

        try:
            _loop(sign, interval, stop)
        except KeyboardInterrupt:
            stop.set()
