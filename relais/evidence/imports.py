"""After sealing: chat exports become timeline events, images get their text read (OCR).

Both run in the background (relais.evidence.tasks, enqueued when the item's transaction
commits) or from `relais import_pending_evidence`. They open the sealed blob through the vault's
decrypting reader (nothing in clear on disk; at most IMPORT_MAX_BYTES) and write their result in
one transaction. A chat export is read as a stream: its events are inserted BATCH at a time as
the parser reads them, so a worker holds one batch, not the export (a zip is held compressed, a
JSON export parsed whole: see the parsers' docstring). Each is idempotent: an item is read once;
a second run (a retried task, two workers) finds the row and stops.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from relais.alerts.models import Alert
from relais.audit.services import record
from relais.evidence import services
from relais.evidence.models import (
    MAX_AUTHOR,
    ChatImport,
    EvidenceCopy,
    EvidenceItem,
    EvidenceText,
    Sealed,
    TimelineEvent,
)
from relais.evidence.ocr import OcrError, ocr_image
from relais.evidence.parsers import ChatEvent, ExportError, detect_format, parse_export
from relais.evidence.parsers.api import HEAD_BYTES
from relais.evidence.parsers.stream import Opener, chunk_opener
from relais.proofs.services import append as append_proof
from relais.schools.models import fold

logger = logging.getLogger(__name__)

# Past this (decrypted) size exports and images are left as items. Images are read whole.
IMPORT_MAX_BYTES = 64 * 1024 * 1024
BATCH = 1000
CHAT_KINDS = (EvidenceItem.Kind.TEXT, EvidenceItem.Kind.CHAT_EXPORT)
# Wall-clock exports (WhatsApp, Signal) are read in the zone of the alert's country.
ZONES = {"fr": "Europe/Paris", "be-fwb": "Europe/Brussels"}
DAY_FIRST = {"fr", "be-fwb"}  # jurisdictions whose phones write dates day first


class TooLarge(Exception):
    pass


def zone_for(alert: Alert) -> str:
    return ZONES.get(alert.school.jurisdiction, settings.TIME_ZONE)


def _read_whole(sealed: Sealed, limit: int = IMPORT_MAX_BYTES) -> bytes:
    if sealed.size > limit:
        raise TooLarge
    buffer = bytearray()
    for chunk in services.plaintext(sealed):
        buffer += chunk
        if len(buffer) > limit:
            raise TooLarge
    return bytes(buffer)


def events_digest(digests: list[str]) -> str:
    """SHA-256 of the events' digests in export order, one per line: what the proof covers."""
    return hashlib.sha256("\n".join(digests).encode("ascii")).hexdigest()


def pending_imports() -> QuerySet[EvidenceItem]:
    """Text and zip items never read as chat exports."""
    return EvidenceItem.objects.filter(kind__in=CHAT_KINDS, chat_import__isnull=True)


def pending_ocr() -> QuerySet[EvidenceItem]:
    """Images whose text was never read."""
    return EvidenceItem.objects.filter(kind=EvidenceItem.Kind.IMAGE, ocr__isnull=True)


def _event_row(item: EvidenceItem, position: int, event: ChatEvent) -> TimelineEvent:
    return TimelineEvent(
        item=item,
        position=position,
        occurred_at=event.occurred_at,
        original_occurred_at=event.occurred_at,
        zone_assumed=event.zone_assumed,
        author=(event.author or "")[:MAX_AUTHOR],
        text=event.text,
        kind=event.kind,
        platform=event.platform,
        attachments=list(event.attachments),
        digest=event.digest,
        line=event.line,
    )


def _outcome(item: EvidenceItem, status: str, reason: str = "", platform: str = "") -> ChatImport:
    with transaction.atomic():
        found = ChatImport.objects.create(
            item=item, status=status, reason=reason, platform=platform
        )
        record(actor=None, actor_kind="system", action=f"evidence.import_{status}", obj=item)
    return found


def import_chat_export(*, item: EvidenceItem) -> ChatImport:
    """Read a text or zip item as a chat export and store one TimelineEvent per message.

    In one transaction: the events, the ChatImport row, an "evidence.imported" proof entry
    (payload: alert, item, the item's SHA-256, the number of events and the digest of their
    digests) and the audit row. A file that is not a chat export, or cannot be read, gets a
    ChatImport row saying so and stays one item on the timeline.
    """
    existing = ChatImport.objects.filter(item=item).first()
    if existing is not None:
        return existing
    try:
        with translation.override(settings.LANGUAGE_CODE):
            return _import(item)
    except IntegrityError:  # another worker imported it meanwhile
        return ChatImport.objects.get(item=item)


class _EventWriter:
    """Receives the parser's events one by one and inserts them BATCH at a time, keeping the
    running digest of their digests (`events_digest`, computed without holding them)."""

    def __init__(self, item: EvidenceItem) -> None:
        self.item = item
        self.count = 0
        self._rows: list[TimelineEvent] = []
        self._hash = hashlib.sha256()

    def add(self, event: ChatEvent) -> None:
        self._hash.update((("\n" if self.count else "") + event.digest).encode("ascii"))
        self._rows.append(_event_row(self.item, self.count, event))
        self.count += 1
        if len(self._rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        TimelineEvent.objects.bulk_create(self._rows)
        self._rows = []

    @property
    def digest(self) -> str:
        return self._hash.hexdigest()


def _import(item: EvidenceItem) -> ChatImport:
    if item.size > IMPORT_MAX_BYTES:
        return _outcome(item, ChatImport.Status.FAILED, str(_("The file is too large to be read.")))
    opener = chunk_opener(lambda: services.plaintext(item))
    with opener() as handle:
        head = handle.read(HEAD_BYTES)
    if detect_format(item.display_name, head) is None:
        return _outcome(item, ChatImport.Status.NOT_A_CHAT)
    try:
        with transaction.atomic():
            return _store(item, opener)
    except ExportError as error:  # the events inserted so far were rolled back
        return _outcome(item, ChatImport.Status.FAILED, str(error.reason))


def reread_dates(
    *, item: EvidenceItem, day_first: bool, actor: Any = None, actor_kind: str = "reporter"
) -> ChatImport:
    """The family's answer to an ambiguous date order: read the export again in that order.

    In one transaction the item's events and ChatImport are replaced by the new reading, with a
    new `evidence.imported` proof entry (the first one stays in the log) and an audit row
    `evidence.dates_reread` saying which order was chosen. Refused (ValueError) when the export
    was not imported, or when one of its dates was corrected since: reading it again would
    undo that correction.
    """
    with transaction.atomic():
        found = (
            ChatImport.objects.select_for_update()
            .filter(item=item, status=ChatImport.Status.IMPORTED)
            .first()
        )
        if found is None:
            raise ValueError("this item was not imported as a chat export")
        events = TimelineEvent.objects.filter(item=item)
        corrected = (
            events.filter(occurred_at__isnull=False)
            .exclude(occurred_at=F("original_occurred_at"))
            .exists()
            or events.filter(occurred_at__isnull=True, original_occurred_at__isnull=False).exists()
        )
        if corrected:
            raise ValueError("a date of this export was corrected; it is not read again")
        events.delete()
        found.delete()
        opener = chunk_opener(lambda: services.plaintext(item))
        with translation.override(settings.LANGUAGE_CODE):
            again = _store(item, opener, day_first=day_first)
        record(
            actor=actor,
            actor_kind=actor_kind,
            action="evidence.dates_reread",
            obj=item,
            day_first=day_first,
        )
    return again


def _store(item: EvidenceItem, opener: Opener, *, day_first: bool | None = None) -> ChatImport:
    """Parse and insert the events; then the proof entry, the ChatImport row and the audit row.
    Runs inside the caller's transaction."""
    writer = _EventWriter(item)
    result = parse_export(
        opener,
        name_hint=item.display_name,
        day_first=day_first,
        # French and Belgian phones write the day first: an export whose dates read both ways
        # is read so until the family answers (it is still flagged and asked).
        prefer_day_first=item.alert.school.jurisdiction in DAY_FIRST,
        tz=zone_for(item.alert),
        sink=writer.add,
        keep_attachments=False,
    )
    writer.flush()
    combined = writer.digest
    entry = append_proof(
        kind="evidence.imported",
        alert=item.alert,
        payload={
            "alert": str(item.alert_id),
            "item": str(item.pk),
            "sha256": item.sha256,
            "events": writer.count,
            "events_digest": combined,
        },
    )
    found = ChatImport.objects.create(
        item=item,
        status=ChatImport.Status.IMPORTED,
        platform=result.platform,
        event_count=writer.count,
        events_digest=combined,
        problems=result.problems,
        proof_entry=entry,
    )
    record(
        actor=None,
        actor_kind="system",
        action="evidence.imported",
        obj=item,
        platform=result.platform,
        events=writer.count,
        events_digest=combined,
    )
    return found


def read_image_text(*, item: EvidenceItem) -> EvidenceText:
    """OCR (French) of an image's stripped copy, stored with a folded copy for search."""
    existing = EvidenceText.objects.filter(item=item).first()
    if existing is not None:
        return existing
    text, confidence, reason = "", 0.0, ""
    copy = item.copies.filter(kind=EvidenceCopy.Kind.STRIPPED).first()
    with translation.override(settings.LANGUAGE_CODE):
        if copy is None:
            reason = str(_("This image cannot be decoded, so its text cannot be read."))
        else:
            try:
                result = ocr_image(_read_whole(copy))
                text, confidence = result.text, result.confidence
            except TooLarge:
                reason = str(_("The image is too large to be read."))
            except OcrError as error:
                reason = str(error.reason)
    try:
        with transaction.atomic():
            found = EvidenceText.objects.create(
                item=item, text=text, folded=fold(text), confidence=confidence, reason=reason
            )
            record(
                actor=None,
                actor_kind="system",
                action="evidence.text_read",
                obj=item,
                characters=len(text),
                confidence=confidence,
            )
    except IntegrityError:
        return EvidenceText.objects.get(item=item)
    return found


def process_item(item: EvidenceItem) -> str:
    """What the background task does with a freshly sealed item; returns what was done."""
    if item.kind in CHAT_KINDS:
        return f"import:{import_chat_export(item=item).status}"
    if item.kind == EvidenceItem.Kind.IMAGE:
        found = read_image_text(item=item)
        return "ocr:read" if not found.reason else "ocr:unreadable"
    return "nothing"
