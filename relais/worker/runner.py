"""The worker process: one lane per queue, and a clock.

A lane takes the next task of its queue from the database (the oldest of the highest priority,
locked with SKIP LOCKED on PostgreSQL, under SQLite's write lock otherwise, so that no two
workers take the same row), runs it and records its outcome, one task at a time. Lanes are
threads: the proof log's lane signs on time while another lane reads a long chat export.
The clock beats the heartbeat every second, gives back the tasks of dead workers every few
seconds and, unless told not to, queues the recurring jobs that are due.

django-tasks-db's own `db_worker` does what one lane does, one queue set per process and
from the main thread only (it installs signal handlers); running the lanes side by side in one
process is why Relais has its own loop, written with the backend's public model methods
(`ready`, `get_locked`, `claim`, `set_successful`, `set_failed`).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskContext
from django_tasks_db.models import DBTaskResult

from relais.worker import recovery, schedule

logger = logging.getLogger(__name__)

RECOVER_EVERY = 5  # clock ticks (seconds)


def new_worker_id() -> str:
    return f"{socket.gethostname()[:32]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def claim(queues: list[str], worker_id: str) -> DBTaskResult | None:
    """Take the next ready task of these queues for this worker, or None."""
    ready = DBTaskResult.objects.ready().filter(
        backend_name=DEFAULT_TASK_BACKEND_ALIAS, queue_name__in=queues
    )
    if not ready.exists():  # a read first: on SQLite a transaction takes the write lock
        return None
    with transaction.atomic():
        row = ready.get_locked()
        if row is not None:
            row.claim(worker_id)
    return row


def run(row: DBTaskResult) -> None:
    """Run a claimed task and record its outcome."""
    try:
        task = row.task
        result = row.task_result
        if task.takes_context:
            value = task.call(TaskContext(task_result=result), *result.args, **result.kwargs)
        else:
            value = task.call(*result.args, **result.kwargs)
        row.set_successful(value)
    except Exception as error:
        logger.exception("task %s (%s) failed", row.id, row.task_path)
        row.set_failed(error)


class Worker:
    """`relais worker`: lanes for `queues`, and a clock that schedules when `scheduling`."""

    def __init__(self, queues: list[str], *, interval: float = 1.0, scheduling: bool = True):
        self.id = new_worker_id()
        self.queues = queues
        self.interval = interval
        self.scheduling = scheduling
        self.stopping = threading.Event()
        self.wake = {queue: threading.Event() for queue in queues}
        self._lock = threading.Lock()
        self._running: dict[str, str] = {}  # queue -> id of the task its lane runs now
        # When the clock last wrote the heartbeat (time.monotonic(); None: never). A lane claims
        # only while it is recent: a worker killed with no heartbeat on record (none written
        # yet, or a stale one that other workers deleted) looks like a plain `db_worker`, whose
        # tasks are given back after UNTRACKED_AFTER (an hour), not WORKER_LOST_SECONDS.
        self.beat_at: float | None = None
        self.lanes: list[threading.Thread] = []
        self.clock: threading.Thread | None = None

    def start(self) -> None:
        self.lanes = [
            threading.Thread(target=self._lane, args=(queue,), name=f"lane-{queue}", daemon=True)
            for queue in self.queues
        ]
        self.clock = threading.Thread(target=self._clock, name="clock", daemon=True)
        for thread in [self.clock, *self.lanes]:
            thread.start()
        logger.info("worker %s serving %s", self.id, ", ".join(self.queues))

    def stop(self) -> None:
        """Let each lane finish its task under way, then stop."""
        self.stopping.set()
        for event in self.wake.values():
            event.set()

    def alive(self) -> bool:
        return any(thread.is_alive() for thread in [*self.lanes, self.clock] if thread)

    def beating(self) -> bool:
        """The heartbeat was written less than half WORKER_LOST_SECONDS ago: the other workers
        count it lost at WORKER_LOST_SECONDS (by the database's clock), so a claim never races a
        heartbeat about to be deleted."""
        beat_at = self.beat_at
        limit = settings.WORKER_LOST_SECONDS / 2
        return beat_at is not None and time.monotonic() - beat_at < limit

    def running(self) -> list[str]:
        with self._lock:
            return list(self._running.values())

    def _lane(self, queue: str) -> None:
        wake = self.wake[queue]
        try:
            while not self.stopping.is_set():
                close_old_connections()
                wake.clear()
                if not self.beating():
                    wake.wait(self.interval)
                    continue
                try:
                    ran = self._one(queue)
                except Exception:
                    # A database locked (SQLite) or away (a restart) must not end the lane:
                    # nothing else would run its queue. A task whose outcome could not be
                    # recorded is no longer named in the heartbeat, so it is run again.
                    logger.exception("worker lane %s: round failed; trying again", queue)
                    close_old_connections()
                    ran = False
                if not ran:
                    wake.wait(self.interval)
        finally:
            connection.close()

    def _one(self, queue: str) -> bool:
        row = claim([queue], self.id)
        if row is None:
            return False
        with self._lock:
            self._running[queue] = str(row.id)
        try:
            run(row)
        finally:
            with self._lock:
                self._running.pop(queue, None)
        return True

    def _clock(self) -> None:
        # Beats on while a stopping worker's lanes finish their tasks, then removes its heartbeat.
        tick = 0
        try:
            while not self.stopping.is_set() or any(lane.is_alive() for lane in self.lanes):
                close_old_connections()
                try:
                    self._tick(tick)
                except Exception:  # as for a lane: the next tick tries again
                    logger.exception("worker clock: round failed; trying again")
                    close_old_connections()
                tick += 1
                time.sleep(1.0)
            recovery.stopped(self.id)
        except Exception:
            logger.exception("worker clock: could not remove the heartbeat")
        finally:
            connection.close()

    def _tick(self, tick: int) -> None:
        recovery.beat(self.id, self.running())
        self.beat_at = time.monotonic()
        if self.stopping.is_set():
            return
        woken = tick % RECOVER_EVERY == 0 and recovery.recover_lost() > 0
        if self.scheduling and schedule.enqueue_due():
            woken = True
        if woken:
            for event in self.wake.values():
                event.set()


def drain(queues: list[str], *, scheduling: bool = True) -> int:
    """`relais worker --once`: queue the recurring jobs that are due, give back lost tasks, then
    run every ready task of these queues in this thread; returns how many ran."""
    if scheduling:
        schedule.enqueue_due()
    recovery.recover_lost()
    worker_id = new_worker_id()
    count = 0
    while (row := claim(queues, worker_id)) is not None:
        run(row)
        count += 1
    return count
