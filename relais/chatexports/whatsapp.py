"""WhatsApp (Android and iOS) and Signal plain-text exports.

Android writes `12/03/2024 14:05 - Léa: text`, iOS `[12/03/2024 14:05:33] Léa: text`; the date
and clock styles follow the phone's language (`3/12/24, 2:05 PM`, `12.03.24, 14:05`,
`12/3/24 14:05`, `01/30/2019, 08:49 p. m.`, `2019/01/01, 11:25`, `2024/3/5, 9:05`,
`5.3.2024 klo 21.25`). A line without such a header continues the message above it; one that
starts with a date but matches no header is NOT merged into it (that would put its words in
another person's mouth): it becomes an event of its own, kind "unreadable", with no author and
no date, its line number, the lines that follow it, and a problem that says so.
signal-export writes `[2019-12-24, 12:23] Jane Doe: text`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .archive import zip_chat
from .base import (
    MAX_TEXT_BYTES,
    MAX_ZIP_TOTAL_BYTES,
    ChatEvent,
    ExportError,
    ParseResult,
    localise,
    zone,
)
from .stream import Head, Opener, Reading, read_limited, text_lines
from .text import _
from .whatsapp_kinds import LRM, classify

_SP = "[ \u00a0\u202f]"  # a space, a no-break space or a narrow no-break space
_DATE = r"(?P<d1>\d{1,4})(?P<sep>[./\-])(?P<d2>\d{1,2})(?P=sep)(?P<d3>\d{1,4})(?P<comma>,)?"
_TIME = r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?"
_AMPM = rf"(?:{_SP}?(?P<ampm>[aApP]\.?{_SP}?[mM]\.?))?"
# French "à", Finnish "klo", Scandinavian "kl." between the date and the time.
_AT = rf"(?:(?:à|klo|kl\.){_SP}+)?"
_ANDROID = re.compile(
    rf"{_DATE}{_SP}{{1,3}}{_AT}{_TIME}{_AMPM}{_SP}{{1,3}}[-\u2013]{_SP}?(?P<rest>.*)"
)
_IOS = re.compile(rf"\[{_DATE}{_SP}{{1,3}}{_AT}{_TIME}{_AMPM}\]{_SP}?(?P<rest>.*)")
# A line that starts with a date (and maybe a bracket): a header of a style we do not know.
_LOOKS_LIKE_HEADER = re.compile(r"\[?\d{1,4}[./\-]\d{1,2}[./\-]\d{1,4}\b")
UNKNOWN_HEADER = _(
    "This line looks like the start of a message, but its date and time are in a form Relais "
    "does not know; it was kept apart, as a line Relais could not read, attributed to no one."
)
ORDERS = ("dmy", "mdy", "ymd")
FIRST_YEAR = 2009  # WhatsApp's first year: an earlier reading of a date is a wrong one
HINT_CHARACTERS = 1_000_000  # how much text is searched for words of day-first languages
# Words that only day-first locales write (French, German, Spanish, Dutch): a guess, not a proof.
_DAY_FIRST_HINTS = re.compile(
    r"fichier joint|Médias omis|a ajouté|bout en bout|supprimé|Datei angehängt|gelöscht"
    r"|hinzugefügt|Ende-zu-Ende|archivo adjunto|Multimedia omitido|eliminó|extremo a extremo"
    r"|añadió|bijgevoegd|weggelaten",
    re.IGNORECASE,
)


@dataclass
class _Header:
    line: int
    d1: str
    d2: str
    d3: str
    sep: str
    hour: int
    minute: int
    second: int
    ampm: str
    rest: str
    english_clock: bool  # "AM"/"PM" without dots, as English writes it
    lines: list[str] = field(default_factory=list)
    unreadable: bool = False  # a line that looks like a header Relais does not know


def _unreadable(number: int, raw: str) -> _Header:
    return _Header(number, "", "", "", "", 0, 0, 0, "", raw.lstrip(LRM), False, unreadable=True)


def match_header(line: str) -> re.Match[str] | None:
    stripped = line.lstrip(LRM)
    return _IOS.match(stripped) or _ANDROID.match(stripped)


def sniff(text: str) -> str | None:
    """'whatsapp' or 'signal' when the first lines look like such an export, else None."""
    first = next((m for m in map(match_header, text.split("\n", 5000)[:5000]) if m), None)
    if first is None:
        return None
    signal = (
        first.re is _IOS
        and len(first["d1"]) == 4
        and first["sep"] == "-"
        and first["comma"]
        and not first["second"]
    )
    return "signal" if signal else "whatsapp"


def recognise(head: Head) -> float:
    """A zip (WhatsApp's is the only archive read), or text that starts with WhatsApp's header."""
    if head.container == "zip":
        return 1
    return 1 if head.container == "text" and sniff(head.text) == "whatsapp" else 0


def recognise_signal(head: Head) -> float:
    """signal-export writes WhatsApp's iOS header with a date of its own shape; a WhatsApp-like
    text whose name says Signal is Signal's too. Surer than WhatsApp's answer, so it wins."""
    if head.container != "text":
        return 0
    found = sniff(head.text)
    return 2 if found == "signal" or (found == "whatsapp" and "signal" in head.lower_name) else 0


def read(reading: Reading, result: ParseResult) -> None:
    """A text export read twice as a stream; a zipped one streamed out of its archive (the zip
    itself as given, read from its end: bytes or a file, or in memory from an Opener)."""
    if reading.head.container != "zip":
        _read_text(reading.opener, reading, result)
        return
    source: bytes | Path
    if isinstance(reading.data, bytes):
        source = reading.data
    elif callable(reading.data):
        with reading.opener() as handle:
            source = read_limited(handle, MAX_ZIP_TOTAL_BYTES)
    else:
        source = Path(reading.data)
    with zip_chat(source, result) as chat:
        _read_text(chat, reading, result)


def _read_text(opener: Opener, reading: Reading, result: ParseResult) -> None:
    """Two readings of the text; a decoding problem is said in the first only."""
    readings = iter((True, False))

    def lines() -> Iterator[str]:
        return text_lines(opener, result, limit=MAX_TEXT_BYTES, report=next(readings, False))

    parse_lines(lines, result, day_first=reading.day_first, tz=reading.tz)


def _header(number: int, match: re.Match[str]) -> _Header:
    return _Header(
        line=number,
        d1=match["d1"],
        d2=match["d2"],
        d3=match["d3"],
        sep=match["sep"],
        hour=int(match["hour"]),
        minute=int(match["minute"]),
        second=int(match["second"] or 0),
        ampm=(match["ampm"] or "").replace(".", "").replace(" ", "").lower(),
        rest=match["rest"],
        english_clock=(match["ampm"] or "").upper() in ("AM", "PM"),
    )


def parse_lines(
    open_lines: Callable[[], Iterator[str]],
    result: ParseResult,
    *,
    day_first: bool | None = None,
    tz: str | None = "Europe/Brussels",
) -> None:
    """Fill `result` with the events of a WhatsApp or Signal export, read twice as a stream.

    The first reading decides the date order from every header; the second builds the events,
    holding one message at a time. `open_lines` returns the file's lines from the start.
    """
    tzinfo = zone(tz)
    vote = _OrderVote()
    for raw in open_lines():
        match = match_header(raw)
        if match is not None:
            vote.see(_header(0, match))
        vote.read(raw)
    if vote.headers == 0:
        raise ExportError(_("No message was found: this is not a chat export Relais can read."))
    order = vote.decide(day_first, result)
    current: _Header | None = None
    for number, raw in enumerate(open_lines(), start=1):
        match = match_header(raw)
        if match is None:
            if current is not None:
                if _LOOKS_LIKE_HEADER.match(raw.lstrip(LRM)):
                    result.problem(number, UNKNOWN_HEADER)
                    _emit(current, order, tzinfo, result)
                    current = _unreadable(number, raw)
                    continue
                current.lines.append(raw)
            elif raw.strip(LRM + " \t"):
                result.problem(number, _("Text before the first message was ignored."))
            continue
        if current is not None:
            _emit(current, order, tzinfo, result)
        current = _header(number, match)
    if current is not None:
        _emit(current, order, tzinfo, result)


def _emit(header: _Header, order: str, tzinfo: ZoneInfo | None, result: ParseResult) -> None:
    if header.unreadable:
        body = "\n".join([header.rest, *header.lines]).rstrip("\n")
        result.add(
            ChatEvent.build(
                platform=result.platform,
                occurred_at=None,
                author=None,
                text=body,
                kind="unreadable",
                line=header.line,
            )
        )
        return
    when = _wall_clock(header, order)
    if when is None:
        result.problem(header.line, _("The date or time of this message is not valid."))
    result.add(_event(header, when, tzinfo, result.platform))


def _fields(header: _Header, order: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a header read in `order` ('dmy', 'mdy' or 'ymd'), None when a field
    is out of range: a year of one or three digits, or before FIRST_YEAR or after next year, a
    month above 12, a day above 31. (The 31st of February is in range: a bad date, not a sign of
    another order.)"""
    if order == "ymd":
        year, month, day = header.d1, header.d2, header.d3
    elif order == "dmy":
        day, month, year = header.d1, header.d2, header.d3
    else:
        month, day, year = header.d1, header.d2, header.d3
    if len(year) not in (2, 4) or len(day) > 2:
        return None
    full = int(year) + 2000 if len(year) == 2 else int(year)
    if not FIRST_YEAR <= full <= _LAST_YEAR or not 1 <= int(month) <= 12:
        return None
    if not 1 <= int(day) <= 31:
        return None
    return full, int(month), int(day)


_LAST_YEAR = datetime.now().year + 1


class _OrderVote:
    """Everything the date order is decided from, gathered one header at a time.

    A reading is possible when every header's fields are in range in it (see `_fields`). Per
    reading, the number of times the time goes backwards: an export is in time order, except a
    message that arrived late (sent offline), which steps back in every reading.
    """

    def __init__(self) -> None:
        self.headers = 0
        self.dotted = False
        self.english_clock = False
        self.day_first_words = False
        self.characters = 0
        self.first: _Header | None = None
        self.impossible = dict.fromkeys(ORDERS, 0)
        self.backwards = dict.fromkeys(ORDERS, 0)
        self.previous: dict[str, datetime | None] = dict.fromkeys(ORDERS)

    def read(self, line: str) -> None:
        if self.characters < HINT_CHARACTERS and not self.day_first_words:
            self.characters += len(line)
            self.day_first_words = bool(_DAY_FIRST_HINTS.search(line))

    def see(self, header: _Header) -> None:
        self.headers += 1
        self.dotted = self.dotted or header.sep == "."
        self.english_clock = self.english_clock or header.english_clock
        if self.first is None:
            self.first = header
        for order in ORDERS:
            if _fields(header, order) is None:
                self.impossible[order] += 1
                continue
            when = _wall_clock(header, order)
            if when is None:  # a bad date or time: a problem of its line
                continue
            previous = self.previous[order]
            if previous is not None and when < previous:
                self.backwards[order] += 1
            self.previous[order] = when

    def decide(self, day_first: bool | None, result: ParseResult) -> str:
        """1. the only possible reading: a day above 12 decides, a four-digit first field means
        year first; a two-digit year first only when no day-first or month-first reading is
        possible; 2. the caller's `day_first`; 3. the reading in which time goes backwards least
        often; 4. dotted dates are day first (no locale writes them month first); 5. still
        ambiguous: the result's `prefer_day_first` (the alert's country) or words of day-first
        languages mean day first, an English AM/PM clock month first, else day first, and a
        problem says which was chosen (`dates_ambiguous`)."""
        possible = [order for order in ("dmy", "mdy") if not self.impossible[order]]
        if not possible and not self.impossible["ymd"]:
            return "ymd"
        if not possible:
            result.problem(None, _("The dates mix day-first and month-first styles."))
            return min(ORDERS, key=lambda order: self.impossible[order])
        if len(possible) == 1:
            return possible[0]
        if day_first is not None:
            return "dmy" if day_first else "mdy"
        if self.backwards["dmy"] != self.backwards["mdy"]:
            return min(possible, key=lambda order: self.backwards[order])
        if self.dotted:
            return "dmy"
        guessed_mdy = self.english_clock and not self.day_first_words
        chosen = "mdy" if guessed_mdy and not result.prefer_day_first else "dmy"
        result.dates_ambiguous = True
        first = self.first
        when = None if first is None else _wall_clock(first, chosen)
        raw = "" if first is None else f"{first.d1}{first.sep}{first.d2}{first.sep}{first.d3}"
        result.problem(
            None,
            _(
                "The dates can be read day first or month first: Relais read %(raw)s as "
                "%(date)s. Check a message whose date you know, and correct the dates if needed."
            )
            % {"raw": raw, "date": when.date().isoformat() if when else "?"},
        )
        return chosen


def _wall_clock(header: _Header, order: str) -> datetime | None:
    hour = header.hour
    if header.ampm:
        if hour > 12:
            return None
        hour = hour % 12 + (12 if header.ampm.startswith("p") else 0)
    fields = _fields(header, order)
    if fields is None:
        return None
    try:
        return datetime(*fields, hour, header.minute, header.second)
    except ValueError:
        return None


def _event(
    header: _Header, when: datetime | None, tzinfo: ZoneInfo | None, platform: str
) -> ChatEvent:
    body = "\n".join([header.rest, *header.lines]).rstrip("\n")
    author, kind, text, files = classify(body)
    return ChatEvent.build(
        platform=platform,
        occurred_at=None if when is None else localise(when, tzinfo),
        wall_clock=when,
        zone_assumed=True,
        author=author,
        text=text,
        kind=kind,
        attachments=files,
        line=header.line,
    )
