"""Two workers at once never run the same recurring job twice.

Both schedulers see the outbox's turn come every second; while one worker's run is held by a
slow SMTP server, the other's routine lane is free, so a second run would start at once and
send the second message beside the first. The server counts the messages it holds at once.
"""

from __future__ import annotations

import asyncio
import threading
from datetime import datetime, timedelta
from typing import Any

from aiosmtpd.controller import Controller
from django_tasks_db.models import DBTaskResult

from relais.notices.models import OutboxKind, OutboxMessage, OutboxState
from relais.notices.queue import queue_message
from tests.background.conftest import wait_until
from tests.notices.conftest import free_port

SEND = "relais.notices.tasks.send_outbox"


class HeldServer:
    """Accepts every message, but holds each DATA until `release` is set."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.entered = threading.Event()
        self.holding = 0
        self.most_held = 0
        self.received: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.holding += 1
        self.most_held = max(self.most_held, self.holding)
        self.entered.set()
        while not self.release.is_set():
            await asyncio.sleep(0.05)
        self.holding -= 1
        self.received.append(envelope.original_content or envelope.content)
        return "250 2.0.0 Ok: queued"


def next_turn(workers: Any) -> datetime:
    """When the outbox's next turn is, as the workers' schedulers last moved it."""
    [(due,)] = workers.sql(
        "SELECT next_run_at FROM worker_recurringjob WHERE name = %s", "notices.send"
    )
    when: datetime = workers.when(due)
    return when


def test_the_outbox_job_runs_once_at_a_time_across_two_workers(workers):
    for n in (1, 2):
        queue_message(kind=OutboxKind.STAFF, to=f"cw{n}@example.org", subject="S", body="B")
    server, port = HeldServer(), free_port()
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    env = {
        "RELAIS_SMTP_HOST": "127.0.0.1",
        "RELAIS_SMTP_PORT": str(port),
        "RELAIS_SMTP_STARTTLS": "0",
        "RELAIS_SMTP_TIMEOUT": "120",
        "RELAIS_OUTBOX_INTERVAL": "1",
    }
    try:
        workers.start(**env)
        workers.start(**env)
        wait_until(server.entered.is_set, "a worker hands a message over", logs=workers.logs)
        held_at = next_turn(workers)
        wait_until(
            lambda: next_turn(workers) >= held_at + timedelta(seconds=3),
            "three more turns of the outbox pass",
            logs=workers.logs,
        )

        statuses = workers.sql(
            "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path = %s"
            " AND status IN ('READY', 'RUNNING')",
            SEND,
        )
        assert statuses == [("RUNNING",)]
        assert server.most_held == 1

        server.release.set()
        wait_until(lambda: len(server.received) == 2, "both messages arrive", logs=workers.logs)
    finally:
        server.release.set()
        workers.stop_all()
        controller.stop()
    workers.pull()

    assert server.most_held == 1
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {OutboxState.SENT}
    assert not DBTaskResult.objects.filter(task_path=SEND, status__in=["READY", "RUNNING"]).exists()
