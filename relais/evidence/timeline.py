"""The alert's timeline: one chronological list of what happened, and its synthesis.

    from relais.evidence.timeline import timeline_for

    timeline = timeline_for(alert, author=None, platform=None, kind=None)
    timeline.events      # list[TimelineEntry], oldest first, undated last
    timeline.synthesis   # Synthesis(first, last, authors, platforms, counts, total)

One entry per message of an imported chat export (TimelineEvent), per captured link
(LinkCapture), and per item otherwise (a chat export that is not imported yet, or could not be
read, stays one entry). An item's date is the one given with it (`occurred_at`), else the time
it was added (`date_source` says which). A read-only selector: callers check access first
(relais.alerts.access for staff, the mailbox session for a reporter).
"""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import ObjectDoesNotExist

from relais.alerts.models import Alert
from relais.evidence.models import EvidenceItem, LinkCapture, TimelineEvent
from relais.schools.models import fold

# Authors that are not an alleged author: the phone's owner in SMS backups (parsers.base.OWNER).
NOT_AUTHORS = frozenset({"Me"})
OCR_EXCERPT = 280

Source = Literal["item", "event", "link"]
DateSource = Literal["given", "export", "added", "none"]

# EvidenceItem.Kind -> timeline kind.
_ITEM_KINDS = {
    EvidenceItem.Kind.IMAGE: "image",
    EvidenceItem.Kind.PDF: "document",
    EvidenceItem.Kind.VIDEO: "video",
    EvidenceItem.Kind.AUDIO: "audio",
    EvidenceItem.Kind.TEXT: "document",
    EvidenceItem.Kind.CHAT_EXPORT: "chat_export",
}

# Every kind an entry can have: chat events ("message", "system", "attachment", "deleted"),
# items ("image", "document", "video", "audio", "chat_export") and captured links ("link").
KINDS = (
    "message",
    "attachment",
    "deleted",
    "system",
    "image",
    "document",
    "video",
    "audio",
    "chat_export",
    "link",
)


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the timeline. `digest` is the SHA-256 hex of what the entry shows: the
    parser's event digest for a chat message, the item's SHA-256 for a file, the SHA-256 of the
    URL for a link."""

    occurred_at: datetime | None
    # As first given (None: no date was given); differs from occurred_at once corrected.
    original_occurred_at: datetime | None
    author: str | None
    text: str
    platform: str
    kind: str
    evidence_id: uuid.UUID | None  # the EvidenceItem (the chat export for a message); None: link
    digest: str
    attachments: tuple[str, ...] = ()
    ocr_excerpt: str = ""
    source: Source = "item"
    source_id: uuid.UUID | None = None  # the TimelineEvent, EvidenceItem or LinkCapture
    date_source: DateSource = "given"
    zone_assumed: bool = False
    display_name: str = ""  # the item's file name (for display only)
    url: str = ""  # for a link
    sexual_image_of_minor: bool = False  # a link to CSAM: recorded, never fetched or shown
    line: int | None = None
    corrected: bool = False  # someone changed the date first given


@dataclass(frozen=True)
class Synthesis:
    first: datetime | None
    last: datetime | None
    authors: list[str]  # alleged authors' handles, most frequent first (not "Me", not system)
    platforms: list[str]  # most frequent first
    counts: dict[str, int]  # entries by kind
    total: int = 0


@dataclass(frozen=True)
class Timeline:
    events: list[TimelineEntry] = field(default_factory=list)
    synthesis: Synthesis = field(
        default_factory=lambda: Synthesis(None, None, [], [], {}, 0)  # an empty timeline
    )


def _item_entry(item: EvidenceItem) -> TimelineEntry:
    ocr = _related(item, "ocr")
    when = item.occurred_at or item.created_at
    return TimelineEntry(
        occurred_at=when,
        original_occurred_at=item.original_occurred_at,
        author=None,
        text=item.note,
        platform=item.platform,
        kind=_ITEM_KINDS.get(EvidenceItem.Kind(item.kind), "document"),
        evidence_id=item.pk,
        digest=item.sha256,
        ocr_excerpt=(ocr.text[:OCR_EXCERPT] if ocr is not None else ""),
        source="item",
        source_id=item.pk,
        date_source="given" if item.occurred_at else "added",
        display_name=item.display_name,
        corrected=item.occurred_at != item.original_occurred_at,
    )


def _related(item: EvidenceItem, name: str) -> Any:
    """A reverse one-to-one (ocr, chat_import), or None when the item has none."""
    try:
        return getattr(item, name)
    except ObjectDoesNotExist:
        return None


def _event_entry(event: TimelineEvent) -> TimelineEntry:
    return TimelineEntry(
        occurred_at=event.occurred_at,
        original_occurred_at=event.original_occurred_at,
        author=event.author or None,
        text=event.text,
        platform=event.platform,
        kind=event.kind,
        evidence_id=event.item_id,
        digest=event.digest,
        attachments=tuple(event.attachments or ()),
        source="event",
        source_id=event.pk,
        date_source="export" if event.occurred_at else "none",
        zone_assumed=event.zone_assumed,
        line=event.line,
        corrected=event.occurred_at != event.original_occurred_at,
    )


def _link_entry(link: LinkCapture) -> TimelineEntry:
    when = link.seen_at or link.created_at
    return TimelineEntry(
        occurred_at=when,
        original_occurred_at=link.original_seen_at,
        author=None,
        text=link.note,
        platform=link.platform,
        kind="link",
        evidence_id=None,
        digest=hashlib.sha256(link.url.encode("utf-8")).hexdigest(),
        source="link",
        source_id=link.pk,
        date_source="given" if link.seen_at else "added",
        url=link.url,
        sexual_image_of_minor=link.sexual_image_of_minor,
        corrected=link.seen_at != link.original_seen_at,
    )


def _sort_key(entry: TimelineEntry) -> tuple[int, float, int, str]:
    # Undated entries last; among equal times, the export's own order (its line) then the id.
    if entry.occurred_at is None:
        return (1, 0.0, entry.line or 0, str(entry.source_id))
    return (0, entry.occurred_at.timestamp(), entry.line or 0, str(entry.source_id))


def entries_for(alert: Alert) -> list[TimelineEntry]:
    """Every entry of the alert's timeline, unfiltered and unsorted."""
    items = list(EvidenceItem.objects.filter(alert=alert).select_related("ocr", "chat_import"))
    imported = {item.pk for item in items if _is_imported(item)}
    entries = [_item_entry(item) for item in items if item.pk not in imported]
    if imported:
        events = TimelineEvent.objects.filter(item_id__in=imported).order_by("item_id", "position")
        entries.extend(_event_entry(event) for event in events.iterator(chunk_size=2000))
    entries.extend(_link_entry(link) for link in LinkCapture.objects.filter(alert=alert))
    return entries


def _is_imported(item: EvidenceItem) -> bool:
    found = _related(item, "chat_import")
    return found is not None and found.status == "imported" and found.event_count > 0


def _matches(
    entry: TimelineEntry, author: str | None, platform: str | None, kind: str | None
) -> bool:
    if author and (entry.author or "").casefold() != author.casefold():
        return False
    if platform and entry.platform != platform:
        return False
    return not (kind and entry.kind != kind)


def synthesis_of(entries: Iterable[TimelineEntry]) -> Synthesis:
    """First and last date, alleged authors and platforms (most frequent first), counts by kind."""
    entries = list(entries)
    dated = [e.occurred_at for e in entries if e.occurred_at is not None]
    authors: Counter[str] = Counter(
        e.author for e in entries if e.author and e.author not in NOT_AUTHORS and e.kind != "system"
    )
    platforms: Counter[str] = Counter(e.platform for e in entries if e.platform)
    counts: Counter[str] = Counter(e.kind for e in entries)
    return Synthesis(
        first=min(dated) if dated else None,
        last=max(dated) if dated else None,
        authors=[name for name, _n in _ranked(authors)],
        platforms=[name for name, _n in _ranked(platforms)],
        counts=dict(sorted(counts.items())),
        total=len(entries),
    )


def _ranked(counter: Counter[str]) -> list[tuple[str, int]]:
    # Most frequent first; ties in alphabetical order so that the result is stable.
    return sorted(counter.items(), key=lambda pair: (-pair[1], pair[0].casefold()))


def timeline_for(
    alert: Alert,
    *,
    author: str | None = None,
    platform: str | None = None,
    kind: str | None = None,
) -> Timeline:
    """The alert's timeline, oldest first (undated entries last), filtered by author (exact,
    case-blind), platform and kind; the synthesis covers the entries shown."""
    entries = [e for e in entries_for(alert) if _matches(e, author, platform, kind)]
    entries.sort(key=_sort_key)
    return Timeline(events=entries, synthesis=synthesis_of(entries))


MAX_SEARCH_WORDS = 8


def search_text(alert: Alert, query: str) -> list[EvidenceItem]:
    """The alert's images whose OCR text holds every word of the query, accents and case
    ignored ("college" finds "collège")."""
    words = fold(query[:200]).split()[:MAX_SEARCH_WORDS]
    if not words:
        return []
    found = EvidenceItem.objects.filter(alert=alert, ocr__isnull=False)
    for word in words:
        found = found.filter(ocr__folded__contains=word)
    return list(found.select_related("ocr").order_by("created_at"))
