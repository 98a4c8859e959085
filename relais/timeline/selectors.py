"""The alert's timeline: one chronological list of what happened, and its synthesis.

    from relais.timeline.selectors import timeline_for

    timeline = timeline_for(alert, author=None, platform=None, kind=None)
    timeline.events      # list[TimelineEntry], oldest first, undated last
    timeline.synthesis   # Synthesis(first, last, authors, platforms, counts, total,
                         #           participants)

People who wrote in an imported chat export are participants (`synthesis.participants`, each
with the role the family gave it, "" until then). `synthesis.authors` lists only those the
family marked as alleged authors: until the family says who is who, nobody is called one, and
the child marked as the victim never is.

One entry per message of an imported chat export (TimelineEvent), per captured link
(LinkCapture), and per item otherwise (a chat export that is not imported yet, or could not be
read, stays one entry). An item's date is the one given with it (`occurred_at`), else the time
it was added (`date_source` says which). A withdrawn item (and its messages) is left out. A
read-only selector: callers check access first
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
from django.db.models import Count

from relais.alerts.models import Alert
from relais.evidence.models import EvidenceItem
from relais.schools.models import fold
from relais.timeline.models import LinkCapture, Participant, TimelineEvent

ALLEGED_AUTHOR = Participant.Role.ALLEGED_AUTHOR.value
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

# Every kind an entry can have: chat events ("message", "system", "attachment", "deleted",
# "sticker", and "unreadable": a line Relais could not read, attributed to no one),
# items ("image", "document", "video", "audio", "chat_export") and captured links ("link").
KINDS = (
    "message",
    "attachment",
    "sticker",
    "deleted",
    "system",
    "unreadable",
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
class Person:
    """Someone who wrote in a chat export, and who the family says they are."""

    handle: str
    role: str  # a Participant.Role value; "" until the family says
    count: int  # entries they wrote

    @property
    def role_label(self) -> str:
        return str(Participant.Role(self.role).label) if self.role else ""


@dataclass(frozen=True)
class Synthesis:
    first: datetime | None
    last: datetime | None
    # Handles the family marked as alleged authors, most frequent first; empty until it says.
    authors: list[str]
    platforms: list[str]  # most frequent first
    counts: dict[str, int]  # entries by kind
    total: int = 0
    # Everyone who wrote (not system lines), most frequent first, with the family's role.
    participants: list[Person] = field(default_factory=list)
    # Entries placed at the time they were sent (no date given yet): first and last may be those.
    sent_dates: int = 0

    @property
    def roles_given(self) -> bool:
        """Whether the family said who at least one participant is."""
        return any(person.role for person in self.participants)


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
    """Every entry of the alert's timeline, unfiltered and unsorted (withdrawn items left out)."""
    items = list(
        EvidenceItem.objects.filter(alert=alert, withdrawn_at__isnull=True).select_related(
            "ocr", "chat_import"
        )
    )
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


def roles_of(alert: Alert) -> dict[str, str]:
    """The roles the family gave, by handle."""
    return dict(Participant.objects.filter(alert=alert).values_list("handle", "role"))


def synthesis_of(
    entries: Iterable[TimelineEntry], roles: dict[str, str] | None = None
) -> Synthesis:
    """First and last date, participants and platforms (most frequent first), counts by kind.

    `roles` (roles_of) says who is who; only those marked as alleged authors are `authors`.
    """
    entries = list(entries)
    roles = roles or {}
    dated = [e.occurred_at for e in entries if e.occurred_at is not None]
    writers: Counter[str] = Counter(e.author for e in entries if e.author and e.kind != "system")
    platforms: Counter[str] = Counter(e.platform for e in entries if e.platform)
    counts: Counter[str] = Counter(e.kind for e in entries)
    people = [Person(name, roles.get(name, ""), n) for name, n in _ranked(writers)]
    return Synthesis(
        first=min(dated) if dated else None,
        last=max(dated) if dated else None,
        authors=[p.handle for p in people if p.role == ALLEGED_AUTHOR],
        platforms=[name for name, _n in _ranked(platforms)],
        counts=dict(sorted(counts.items())),
        total=len(entries),
        participants=people,
        sent_dates=sum(1 for e in entries if e.date_source == "added"),
    )


def participants_of(alert: Alert) -> list[Person]:
    """Everyone who wrote in the alert's timeline, with the family's roles, most frequent first
    (the same people as `timeline_for(alert).synthesis.participants`, counted by the database)."""
    rows = (
        TimelineEvent.objects.filter(
            item__alert=alert,
            item__withdrawn_at__isnull=True,
            item__chat_import__status="imported",
        )
        .exclude(author="")
        .exclude(kind="system")
        .values("author")
        .annotate(n=Count("id"))
    )
    roles = roles_of(alert)
    counted = Counter({row["author"]: row["n"] for row in rows})
    return [Person(name, roles.get(name, ""), n) for name, n in _ranked(counted)]


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
    return Timeline(events=entries, synthesis=synthesis_of(entries, roles_of(alert)))


MAX_SEARCH_WORDS = 8


def search_text(alert: Alert, query: str) -> list[EvidenceItem]:
    """The alert's images whose OCR text holds every word of the query, accents and case
    ignored ("college" finds "collège")."""
    words = fold(query[:200]).split()[:MAX_SEARCH_WORDS]
    if not words:
        return []
    found = EvidenceItem.objects.filter(alert=alert, ocr__isnull=False, withdrawn_at__isnull=True)
    for word in words:
        found = found.filter(ocr__folded__contains=word)
    return list(found.select_related("ocr").order_by("created_at"))
