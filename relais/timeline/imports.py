"""After sealing: chat exports become timeline events, images get their text read (OCR).

Both run in the background (relais.timeline.tasks, enqueued when the item's transaction
commits) or from `relais import_pending_evidence`. They open the sealed blob through the vault's
decrypting reader (nothing in clear on disk; at most IMPORT_MAX_BYTES). A chat export is read as
a stream, outside any transaction: its events are inserted BATCH at a time, each batch in a short
transaction of its own, so a worker holds one batch, not the export (a zip is held compressed, a
JSON export parsed whole: see the parsers' docstring), and the database is never held for longer
than a batch. Until the last short transaction marks the import done, its events count for
nothing (import_claims). Each is idempotent: an item is read once; a second run (a retried task,
two workers) finds the row and stops.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from relais.alerts.models import Alert
from relais.audit.models import ActorKind, AuditAction
from relais.audit.services import record
from relais.chatexports import (
    HEAD_BYTES,
    ChatEvent,
    ExportError,
    Opener,
    ParseResult,
    chunk_opener,
    detect_format,
    parse_export,
)
from relais.evidence import services
from relais.evidence.models import EvidenceCopy, EvidenceItem, Sealed
from relais.jurisdictions.packs import get_pack
from relais.notices.texts import TextsError, texts_for
from relais.schools.models import fold
from relais.timeline import import_claims as claims
from relais.timeline import proof_events
from relais.timeline.models import MAX_AUTHOR, ChatImport, EvidenceText, TimelineEvent
from relais.timeline.ocr import OcrError, ocr_image

logger = logging.getLogger(__name__)

# Past this (decrypted) size exports and images are left as items. Images are read whole.
IMPORT_MAX_BYTES = 64 * 1024 * 1024
BATCH = 1000
CHAT_KINDS = (EvidenceItem.Kind.TEXT, EvidenceItem.Kind.CHAT_EXPORT)


class TooLarge(Exception):
    pass


def zone_for(alert: Alert) -> str:
    """Wall-clock exports (WhatsApp, Signal) are read in the zone of the alert's jurisdiction
    (its pack's notices.yaml, as the school's notices)."""
    try:
        return texts_for(alert.school.jurisdiction).time_zone
    except TextsError:
        return str(settings.TIME_ZONE)


def writes_day_first(alert: Alert) -> bool:
    """Whether phones in the alert's jurisdiction write dates day first (its pack's `day_first`):
    an export whose dates read both ways is read so until the family answers."""
    try:
        return get_pack(alert.school.jurisdiction).day_first
    except KeyError:  # a school of a jurisdiction whose pack is gone
        return False


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
    """Text and zip items never read as chat exports, or whose reader died halfway."""
    return EvidenceItem.objects.filter(kind__in=CHAT_KINDS).filter(
        Q(chat_import__isnull=True)
        | Q(chat_import__status=claims.IMPORTING, chat_import__updated_at__lt=claims.stale_before())
    )


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


# What the audit log says of an import that did not become events.
_OUTCOMES: dict[str, AuditAction] = {
    ChatImport.Status.NOT_A_CHAT: AuditAction.EVIDENCE_IMPORT_NOT_A_CHAT,
    ChatImport.Status.FAILED: AuditAction.EVIDENCE_IMPORT_FAILED,
}


def _outcome(item: EvidenceItem, held: claims.Claim, status: str, reason: str = "") -> ChatImport:
    with transaction.atomic():
        found = held.settle(status=status, reason=reason)
        record(actor=None, actor_kind=ActorKind.SYSTEM, action=_OUTCOMES[status], obj=item)
    return found


def import_chat_export(*, item: EvidenceItem, opener: Opener | None = None) -> ChatImport:
    """Read a text or zip item as a chat export and store one TimelineEvent per message.

    The export is parsed outside any transaction; its events are written BATCH at a time, each
    batch in a short transaction, under the item's claim (import_claims), which keeps them out
    of every page. All or nothing all the same: the last short transaction sets the ChatImport
    row to "imported" with an "evidence.imported" proof entry (payload: alert, item, the item's
    SHA-256, the number of events and the digest of their digests) and the audit row; an error
    deletes what was written and the claim, and the events of a worker killed halfway are
    deleted by the attempt that takes its claim over (after `import_claims.lease()`). A file
    that is not a chat export, or cannot be read, gets a row saying so and stays one item on the
    timeline.

    `opener` gives the export's bytes (default: the sealed blob); the bench and a test pass
    their own.
    """
    held = claims.claim(item)
    if not isinstance(held, claims.Claim):
        return held  # read already, or being read by another worker
    try:
        with translation.override(settings.LANGUAGE_CODE):
            opener = opener or chunk_opener(lambda: services.plaintext(item))
            return _import(item, held, claims.renewing(opener, held))
    except claims.ClaimLost:  # taken over by another worker, which goes on from the start
        return ChatImport.objects.get(item=item)
    except BaseException:
        claims.release(item, held)
        raise


class _EventWriter:
    """Receives the parser's events one by one and inserts them BATCH at a time, keeping the
    running digest of their digests (`events_digest`, computed without holding them)."""

    def __init__(self, item: EvidenceItem, held: claims.Claim | None = None) -> None:
        self.item = item
        self.held = held  # None: the caller's transaction holds everything (reread_dates)
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
        with transaction.atomic():  # a short transaction of its own, unless inside the caller's
            if self.held is not None:
                self.held.touch()
            TimelineEvent.objects.bulk_create(self._rows)
        self._rows = []

    @property
    def digest(self) -> str:
        return self._hash.hexdigest()


def _import(item: EvidenceItem, held: claims.Claim, opener: Opener) -> ChatImport:
    if item.size > IMPORT_MAX_BYTES:
        reason = str(_("The file is too large to be read."))
        return _outcome(item, held, ChatImport.Status.FAILED, reason)
    claims.delete_events(item, held)  # what a worker killed halfway wrote
    with opener() as handle:
        head = handle.read(HEAD_BYTES)
    if detect_format(item.display_name, head) is None:
        return _outcome(item, held, ChatImport.Status.NOT_A_CHAT)
    writer = _EventWriter(item, held)
    try:
        result = _parse(item, opener, writer)
    except ExportError as error:
        claims.delete_events(item, held)
        return _outcome(item, held, ChatImport.Status.FAILED, str(error.reason))
    with transaction.atomic():
        return _record(item, result, writer, held=held)


def reread_dates(
    *,
    item: EvidenceItem,
    day_first: bool,
    actor: Any = None,
    actor_kind: str = ActorKind.REPORTER,
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
        # Unlike an import, in the one transaction: the old events stay until the new are in.
        opener = chunk_opener(lambda: services.plaintext(item))
        writer = _EventWriter(item)
        with translation.override(settings.LANGUAGE_CODE):
            result = _parse(item, opener, writer, day_first=day_first)
        again = _record(item, result, writer, held=None)
        record(
            actor=actor,
            actor_kind=actor_kind,
            action=AuditAction.EVIDENCE_DATES_REREAD,
            obj=item,
            day_first=day_first,
        )
    return again


def _parse(
    item: EvidenceItem, opener: Opener, writer: _EventWriter, *, day_first: bool | None = None
) -> ParseResult:
    """Parse the export, handing each event to the writer, then write the last batch."""
    result = parse_export(
        opener,
        name_hint=item.display_name,
        day_first=day_first,
        # Still flagged and asked when the dates read both ways.
        prefer_day_first=writes_day_first(item.alert),
        tz=zone_for(item.alert),
        sink=writer.add,
        keep_attachments=False,
    )
    writer.flush()
    return result


def _record(
    item: EvidenceItem, result: ParseResult, writer: _EventWriter, held: claims.Claim | None
) -> ChatImport:
    """The proof entry, the ChatImport row saying "imported" (the claim's, or a new one) and
    the audit row. Runs inside the caller's transaction: from its commit the events count."""
    combined = writer.digest
    entry = proof_events.evidence_imported(item=item, events=writer.count, events_digest=combined)
    outcome = {
        "status": ChatImport.Status.IMPORTED,
        "platform": result.platform,
        "event_count": writer.count,
        "events_digest": combined,
        "problems": result.problems,
        "proof_entry": entry,
    }
    found = held.settle(**outcome) if held else ChatImport.objects.create(item=item, **outcome)
    record(
        actor=None,
        actor_kind=ActorKind.SYSTEM,
        action=AuditAction.EVIDENCE_IMPORTED,
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
                actor_kind=ActorKind.SYSTEM,
                action=AuditAction.EVIDENCE_TEXT_READ,
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
