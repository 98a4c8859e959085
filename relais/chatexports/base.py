"""The shared shapes of every parser: events, results, errors, limits and the event digest."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .text import Sentence, _

# See the package docstring; documents keep "system" lines out of the facts.
# "unreadable": a line that starts like a message but matches no header Relais knows; it is kept
# as its own event, with no author and no date, so that it is never put in another person's words.
Kind = Literal["message", "attachment", "sticker", "deleted", "system", "unreadable"]
Platform = Literal["whatsapp", "telegram", "instagram", "signal", "sms"]

# Limits against hostile files. They are far above any real export a family would upload.
MAX_TEXT_BYTES = 64 * 1024 * 1024  # a WhatsApp .txt, a Telegram JSON export
# Instagram files are parsed whole (they list the newest message first, and must be sorted);
# Meta splits a chat into files of 10 000 messages, a few MiB each.
MAX_INSTAGRAM_BYTES = 16 * 1024 * 1024
MAX_XML_BYTES = 512 * 1024 * 1024  # SMS backups carry MMS pictures in base64
MAX_ZIP_MEMBERS = 5000
MAX_ZIP_TOTAL_BYTES = 512 * 1024 * 1024  # uncompressed, all members together
MAX_ZIP_RATIO = 100  # uncompressed / compressed size of one member
MAX_PROBLEMS = 200  # past this, one line says how many more there were
MAX_EVENTS = 1_000_000

# The name given to the phone's owner where an export does not name them (SMS sent messages).
OWNER = "Me"


class ExportError(ValueError):
    """The file cannot be read as a chat export; `reason` is a translatable sentence."""

    def __init__(self, reason: str | Sentence) -> None:
        self.reason = reason
        super().__init__(reason)

    def __str__(self) -> str:
        return str(self.reason)


def event_digest(
    *,
    platform: str,
    time: str | None,
    author: str | None,
    text: str,
    attachments: tuple[str, ...],
) -> str:
    """SHA-256 hex of the canonical JSON of an event (see the package docstring)."""
    canonical = json.dumps(
        {
            "attachments": list(attachments),
            "author": author,
            "platform": platform,
            "text": text,
            "time": time,
        },
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChatEvent:
    """One message or system line of a chat export. Build it with `ChatEvent.build`."""

    occurred_at: datetime | None
    author: str | None
    text: str
    kind: Kind
    attachments: tuple[str, ...]
    platform: str
    digest: str
    # True when the export gave only a wall-clock time and its zone was assumed (the `tz`
    # argument), or left naive when `tz` was None.
    zone_assumed: bool = False
    # 1-based line of the source file where the event starts (text and XML exports), else None.
    line: int | None = None

    @classmethod
    def build(
        cls,
        *,
        platform: str,
        occurred_at: datetime | None,
        author: str | None,
        text: str,
        kind: Kind = "message",
        attachments: tuple[str, ...] = (),
        zone_assumed: bool = False,
        wall_clock: datetime | None = None,
        line: int | None = None,
    ) -> ChatEvent:
        """Make an event and its digest. `wall_clock` is the naive time as the export wrote it."""
        if wall_clock is not None:
            time = wall_clock.isoformat()
        elif occurred_at is not None and occurred_at.tzinfo is not None:
            time = occurred_at.astimezone(UTC).isoformat()
        elif occurred_at is not None:
            time = occurred_at.isoformat()
        else:
            time = None
        digest = event_digest(
            platform=platform, time=time, author=author, text=text, attachments=attachments
        )
        return cls(
            occurred_at=occurred_at,
            author=author,
            text=text,
            kind=kind,
            attachments=attachments,
            platform=platform,
            digest=digest,
            zone_assumed=zone_assumed,
            line=line,
        )


@dataclass
class ParseResult:
    """What a parser made of a file: events in the export's order, problems, attachment bytes.

    With a `sink`, events are handed to it one by one instead of being kept in `events`, so that
    an import holds one batch at a time; `count` is the number of events either way.
    """

    platform: str
    events: list[ChatEvent] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # File name (as the events name it) -> content, for archives and SMS backups that carry files.
    # Without `keep_attachments` only the names are kept (with empty content).
    attachments: dict[str, bytes | Path] = field(default_factory=dict)
    sink: Callable[[ChatEvent], None] | None = field(default=None, repr=False, compare=False)
    keep_attachments: bool = True
    count: int = 0
    # Nothing in the dates told day-first from month-first: one was chosen, a problem says which.
    dates_ambiguous: bool = False
    # The order to choose for an ambiguous file (still flagged and asked): day first where the
    # alert's country writes day first (parse_export's `prefer_day_first`).
    prefer_day_first: bool = False
    # Names the events may refer to (a zip's members); a missing one is reported at once.
    known_files: set[str] | None = field(default=None, repr=False, compare=False)
    _extra_problems: int = field(default=0, repr=False, compare=False)

    def problem(self, line: int | None, reason: str | Sentence) -> None:
        """Record a line that could not be understood; past MAX_PROBLEMS only count them."""
        if len(self.problems) >= MAX_PROBLEMS:
            self._extra_problems += 1
            if self._extra_problems == 1:
                self.problems.append(str(_("More problems were found and not listed.")))
            return
        if line is None:
            self.problems.append(str(reason))
        else:
            self.problems.append(
                str(_("Line %(line)d: %(reason)s") % {"line": line, "reason": reason})
            )

    def add(self, event: ChatEvent) -> None:
        if self.count >= MAX_EVENTS:
            raise ExportError(_("The export holds too many messages."))
        self.count += 1
        if self.known_files is not None:
            for name in event.attachments:
                if name not in self.known_files:
                    self.problem(
                        event.line,
                        _("The attachment %(name)s is not in the archive.") % {"name": name},
                    )
        if self.sink is None:
            self.events.append(event)
        else:
            self.sink(event)


def zone(tz: str | None) -> ZoneInfo | None:
    if tz is None:
        return None
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ExportError(_("Unknown time zone.")) from exc


def localise(naive: datetime, tzinfo: ZoneInfo | None) -> datetime:
    """Attach the assumed zone to a wall-clock time (the first of two readings in a DST fold)."""
    return naive if tzinfo is None else naive.replace(tzinfo=tzinfo)


def from_epoch(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)
