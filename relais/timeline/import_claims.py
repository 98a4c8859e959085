"""Who is reading a chat export now: its ChatImport row in the state "importing", held by one
worker.

A long export is parsed outside any transaction and its events written in short ones
(imports.py), so that on SQLite, which has one writer at a time, an alert posted meanwhile waits
for one batch, not for the whole export. The claim keeps a second worker off the item, and keeps
the events written so far out of every page: they count once the row says "imported", in the
short transaction that says so. A worker touches its claim with every batch, and every
TOUCH_EVERY seconds while it reads; a claim left untouched for `lease()` belonged to a worker
that died (kill -9), and the next attempt takes it over, first deleting the events the dead one
wrote. The lease is shorter than the time after which `relais worker` runs a dead worker's task
again (RELAIS_WORKER_LOST_SECONDS), so that this second run finds the claim stale and takes it
over instead of leaving the item half read.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import IO, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from relais.chatexports import Opener
from relais.evidence.models import EvidenceItem
from relais.timeline.models import ChatImport, TimelineEvent

TOUCH_EVERY = 5.0  # seconds between two renewals while the export is read
DELETE_BATCH = 2000
IMPORTING = ChatImport.Status.IMPORTING


class ClaimLost(Exception):
    """Another worker took the import over (this one was slow enough to seem dead): stop."""


@dataclass
class Claim:
    """This worker's hold on an item's import: the row, as last touched."""

    row: ChatImport
    _touched: float = field(default_factory=time.monotonic)

    def touch(self) -> None:
        """Renew the claim; call it inside each short transaction that writes for the import,
        so that nothing is written once another worker has taken it over."""
        now = timezone.now()
        held = ChatImport.objects.filter(
            pk=self.row.pk, status=IMPORTING, updated_at=self.row.updated_at
        ).update(updated_at=now)
        if not held:
            raise ClaimLost
        self.row.updated_at = now
        self._touched = time.monotonic()

    def keep_alive(self) -> None:
        """Renew the claim in a short transaction if it was not renewed for TOUCH_EVERY."""
        if time.monotonic() - self._touched >= TOUCH_EVERY:
            with transaction.atomic():
                self.touch()

    def settle(self, **fields: Any) -> ChatImport:
        """Give the row its outcome (status and what goes with it), inside the caller's
        transaction, which also writes what the outcome says (proof entry, audit row)."""
        self.touch()
        for name, value in fields.items():
            setattr(self.row, name, value)
        self.row.save()
        return self.row


def lease() -> timedelta:
    """How long a claim lives without being renewed: three quarters of the time after which a
    dead worker's task runs again, so that the second run finds it stale (45 s by default)."""
    lost = getattr(settings, "WORKER_LOST_SECONDS", 60)
    return timedelta(seconds=max(3 * TOUCH_EVERY, lost * 3 / 4))


def stale_before() -> datetime:
    return timezone.now() - lease()


class _Renewing(io.RawIOBase):
    """The export's bytes, renewing the claim as they are read (a WhatsApp text's first pass
    reads every date before the first batch is written)."""

    def __init__(self, handle: IO[bytes], held: Claim) -> None:
        super().__init__()
        self._handle = handle
        self._held = held

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._handle.read(len(buffer))
        buffer[: len(data)] = data
        self._held.keep_alive()
        return len(data)

    def close(self) -> None:
        self._handle.close()
        super().close()


def renewing(opener: Opener, held: Claim) -> Opener:
    """An opener whose streams renew the claim while they are read."""
    return lambda: io.BufferedReader(_Renewing(opener(), held), buffer_size=64 * 1024)


def claim(item: EvidenceItem) -> Claim | ChatImport:
    """Take the item's import, or return its row when it is settled or another worker holds
    it. A claim not renewed for `lease()` is taken over."""
    found = ChatImport.objects.filter(item=item).first()
    if found is None:
        try:
            with transaction.atomic():
                return Claim(ChatImport.objects.create(item=item, status=IMPORTING))
        except IntegrityError:  # another worker claimed it first
            return ChatImport.objects.get(item=item)
    if found.status != IMPORTING or found.updated_at >= stale_before():
        return found
    taken = Claim(found)
    try:
        with transaction.atomic():
            taken.touch()
    except ClaimLost:  # taken over by another worker just now
        return ChatImport.objects.get(item=item)
    return taken


def delete_events(item: EvidenceItem, held: Claim) -> None:
    """Delete the item's events in short transactions (what a failed or dead attempt wrote)."""
    while True:
        with transaction.atomic():
            held.touch()
            batch = list(
                TimelineEvent.objects.filter(item=item).values_list("pk", flat=True)[:DELETE_BATCH]
            )
            TimelineEvent.objects.filter(pk__in=batch).delete()
        if len(batch) < DELETE_BATCH:
            return


def release(item: EvidenceItem, held: Claim) -> None:
    """After an unexpected error: remove what was written and the claim itself, so that the
    next attempt (a retried task, `import_pending_evidence`) starts from nothing."""
    try:
        delete_events(item, held)
        with transaction.atomic():
            held.touch()
            held.row.delete()
    except ClaimLost:  # another worker has it now, and cleans up itself
        return
