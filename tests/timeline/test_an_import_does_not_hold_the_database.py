"""A long chat export is parsed outside any write transaction and written in short ones: an
alert posted while the import is held mid-parse is written at once (on SQLite the old import
held the one write lock for the whole parse). All or nothing still: events written so far count
for nothing until the import is done; an import that fails leaves none; a worker that died
halfway is taken over and the export is read once."""

from __future__ import annotations

import io
import queue
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from relais.alerts.models import Alert
from relais.chatexports.stream import ChunkReader, Opener
from relais.evidence.intake import Intake
from relais.evidence.services import plaintext, seal_evidence
from relais.timeline.imports import BATCH, import_chat_export, pending_imports
from relais.timeline.models import ChatImport, TimelineEvent
from relais.timeline.selectors import entries_for
from tests.factories import SchoolFactory, make_alert

MESSAGES = 4 * BATCH + 321
DONE = object()


def _export() -> bytes:
    lines = [
        f"{13 + n // 1440:02d}/03/2024, {n % 1440 // 60:02d}:{n % 60:02d} - Léa: message {n} "
        + "bla " * 30
        for n in range(MESSAGES)
    ]
    return ("\n".join(lines) + "\n").encode()


class Checkpoint:
    """The parser's stream stopped here until `go` is set."""

    def __init__(self) -> None:
        self.go = threading.Event()


class _Paused(io.RawIOBase):
    """The export's bytes, stopping once at `at` bytes on each reading, until told to go on."""

    def __init__(self, inner, at: int, stops: queue.Queue) -> None:
        super().__init__()
        self.inner, self.at, self.stops, self.position = inner, at, stops, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        size = self.inner.readinto(buffer)
        crossed = self.position < self.at <= self.position + size
        self.position += size
        if crossed:
            stop = Checkpoint()
            self.stops.put(stop)
            stop.go.wait()
        return size

    def close(self) -> None:
        self.inner.close()
        super().close()


def _paused_opener(item, stops: queue.Queue) -> Opener:
    at = item.size * 6 // 10
    return lambda: io.BufferedReader(_Paused(ChunkReader(plaintext(item)), at, stops), 8192)


def _sealed_export(db_school):
    alert = make_alert(db_school).alert
    intake = Intake(max_bytes=10 * 1024 * 1024)
    intake.feed(_export())
    item = seal_evidence(alert=alert, blob=intake.finish(display_name="WhatsApp Chat.txt"))
    item.refresh_from_db()
    return item


def _let_it_finish(stops: queue.Queue, importer: threading.Thread, held: list) -> list:
    """Release the checkpoint held and every next one until the import ends (also after a
    failed assertion, so that the test fails instead of waiting); what it returned or raised."""
    for stop in held:
        stop.go.set()
    outcome = []
    while (stop := stops.get(timeout=300)) is not DONE:
        if isinstance(stop, Checkpoint):
            stop.go.set()
        else:
            outcome.append(stop)
    importer.join()
    return outcome


def _import_in_thread(item, opener: Opener, stops: queue.Queue) -> threading.Thread:
    def run() -> None:
        try:
            stops.put(import_chat_export(item=item, opener=opener))
        except BaseException as error:
            stops.put(error)
        finally:
            stops.put(DONE)
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_an_alert_is_written_while_an_import_is_parsing(transactional_db, vault):
    school = SchoolFactory()
    item = _sealed_export(school)
    stops: queue.Queue = queue.Queue()
    importer = _import_in_thread(item, _paused_opener(item, stops), stops)
    seen: list[int] = []
    held: list[Checkpoint] = []
    try:
        while len(seen) < 2:  # the pass that reads the dates, then the one that writes events
            stop = stops.get(timeout=300)
            assert isinstance(stop, Checkpoint), stop
            held.append(stop)
            # The import stands still mid-parse: another connection writes an alert now.
            alerts = Alert.objects.count()
            make_alert(school)
            assert Alert.objects.count() == alerts + 1
            seen.append(TimelineEvent.objects.filter(item=item).count())
            # What is written so far counts for nothing: the export is still one file.
            assert [entry.source_id for entry in entries_for(item.alert)] == [item.pk]
            stop.go.set()
    finally:
        outcome = _let_it_finish(stops, importer, held)
    [done] = outcome
    assert isinstance(done, ChatImport) and done.status == "imported"
    assert done.event_count == MESSAGES == TimelineEvent.objects.filter(item=item).count()
    assert max(seen) >= BATCH  # batches were written, and committed, before the end
    assert len(entries_for(item.alert)) == MESSAGES


class _Broken(Exception):
    pass


class _Failing(io.RawIOBase):
    """The export's bytes, failing past 70% once some events are written (the events' pass)."""

    def __init__(self, inner, item) -> None:
        super().__init__()
        self.inner, self.item, self.position = inner, item, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        size = self.inner.readinto(buffer)
        self.position += size
        written = TimelineEvent.objects.filter(item=self.item).exists()
        if self.position > self.item.size * 7 // 10 and written:
            raise _Broken("the disk went away")
        return size


def test_an_import_that_fails_halfway_leaves_nothing_and_is_read_again(transactional_db, vault):
    item = _sealed_export(SchoolFactory())
    failing = lambda: io.BufferedReader(_Failing(ChunkReader(plaintext(item)), item), 8192)  # noqa: E731
    with pytest.raises(_Broken):
        import_chat_export(item=item, opener=failing)
    assert TimelineEvent.objects.filter(item=item).count() == 0
    assert not ChatImport.objects.filter(item=item).exists()
    assert list(pending_imports()) == [item]

    done = import_chat_export(item=item)
    assert done.status == "imported" and done.event_count == MESSAGES
    assert TimelineEvent.objects.filter(item=item).count() == MESSAGES


def test_an_import_whose_worker_died_is_taken_over_and_read_once(transactional_db, vault):
    item = _sealed_export(SchoolFactory())
    stops: queue.Queue = queue.Queue()
    stalled = _import_in_thread(item, _paused_opener(item, stops), stops)
    held: list[Checkpoint] = []
    try:
        held.append(stops.get(timeout=300))
        while TimelineEvent.objects.filter(item=item).count() == 0:  # the dates' pass
            held[-1].go.set()
            held.append(stops.get(timeout=300))
        # The worker seems dead: its claim was not touched for longer than the lease.
        ChatImport.objects.filter(item=item).update(
            updated_at=timezone.now() - timedelta(minutes=11)
        )
        assert list(pending_imports()) == [item]
        done = import_chat_export(item=item)
        assert done.status == "imported" and done.event_count == MESSAGES
    finally:
        outcome = _let_it_finish(stops, stalled, held)
    [late] = outcome
    assert isinstance(late, ChatImport) and late.status == "imported"  # it gave way
    assert TimelineEvent.objects.filter(item=item).count() == MESSAGES
    positions = TimelineEvent.objects.filter(item=item).values_list("position", flat=True)
    assert sorted(positions) == list(range(MESSAGES))


def _dead_workers_claim(item, seconds_ago: int) -> None:
    """What a worker killed halfway leaves: its claim, last renewed then, and some events."""
    claim = ChatImport.objects.create(item=item, status="importing")
    ChatImport.objects.filter(pk=claim.pk).update(
        updated_at=timezone.now() - timedelta(seconds=seconds_ago)
    )
    TimelineEvent.objects.create(item=item, position=0, kind="message", digest="0" * 64)


def test_a_claim_older_than_the_lease_is_taken_over_when_the_task_runs_again(db, vault, settings):
    # `relais worker` runs a dead worker's task again after WORKER_LOST_SECONDS: by then the
    # claim must be stale, or that run would leave the item half read.
    settings.WORKER_LOST_SECONDS = 60
    item = _sealed_export(SchoolFactory())
    _dead_workers_claim(item, seconds_ago=50)
    assert list(pending_imports()) == [item]
    done = import_chat_export(item=item)
    assert done.status == "imported" and done.event_count == MESSAGES
    assert TimelineEvent.objects.filter(item=item).count() == MESSAGES


def test_a_claim_renewed_lately_is_left_to_its_worker(db, vault, settings):
    settings.WORKER_LOST_SECONDS = 60
    item = _sealed_export(SchoolFactory())
    _dead_workers_claim(item, seconds_ago=10)
    assert list(pending_imports()) == []
    assert import_chat_export(item=item).status == "importing"
    assert TimelineEvent.objects.filter(item=item).count() == 1  # its events, untouched
    assert [entry.source_id for entry in entries_for(item.alert)] == [item.pk]
