"""WhatsApp (Android and iOS) and Signal plain-text exports.

Android writes `12/03/2024 14:05 - Léa: text`, iOS `[12/03/2024 14:05:33] Léa: text`; the date
and clock styles follow the phone's language (`3/12/24, 2:05 PM`, `12.03.24, 14:05`,
`12/3/24 14:05`, `01/30/2019, 08:49 p. m.`, `2019/01/01, 11:25`). A line without such a header
continues the message above it. signal-export writes `[2019-12-24, 12:23] Jane Doe: text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

from .base import ChatEvent, ExportError, Kind, ParseResult, localise, zone

LRM = "\u200e\u200f\ufeff"  # direction marks iOS sprinkles at the start of lines and texts
_SP = "[ \u00a0\u202f]"  # a space, a no-break space or a narrow no-break space
_DATE = r"(?P<d1>\d{1,4})(?P<sep>[./\-])(?P<d2>\d{1,2})(?P=sep)(?P<d3>\d{2,4})(?P<comma>,)?"
_TIME = r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?"
_AMPM = rf"(?:{_SP}?(?P<ampm>[aApP]\.?{_SP}?[mM]\.?))?"
_ANDROID = re.compile(
    rf"{_DATE}{_SP}{{1,3}}(?:à{_SP}+)?{_TIME}{_AMPM}{_SP}{{1,3}}[-\u2013]{_SP}?(?P<rest>.*)"
)
_IOS = re.compile(rf"\[{_DATE}{_SP}{{1,3}}{_TIME}{_AMPM}\]{_SP}?(?P<rest>.*)")

_ATTACHED_ANDROID = re.compile(
    r"(?P<file>[^\n/\\]{1,255}?\.\w{1,8})"
    r" \((?:fichier joint|file attached|Datei angehängt|archivo adjunto|bestand bijgevoegd)\)"
)
_ATTACHED_IOS = re.compile(
    r"<(?:attached|joint|pièce jointe|Anhang|adjunto|bijlage)\s?:\s?(?P<file>[^>\n/\\]{1,255})>"
)
_OMITTED = re.compile(
    r"<?(?:Médias omis|Media omitted|Medien ausgeschlossen|Multimedia omitido|Media weggelaten"
    r"|(?:image|vidéo|video|audio|sticker|autocollant|GIF|document|Bild|Dokument|imagen"
    r"|documento|pegatina)\s(?:omitted|absente?|omise?|weggelassen|omitido|omitida))>?",
    re.IGNORECASE,
)
_DELETED = {
    "ce message a été supprimé",
    "vous avez supprimé ce message",
    "this message was deleted",
    "you deleted this message",
    "diese nachricht wurde gelöscht",
    "du hast diese nachricht gelöscht",
    "se eliminó este mensaje",
    "este mensaje fue eliminado",
    "eliminaste este mensaje",
}
# System lines whose wording contains ": " (the subject or description they quote).
_SYSTEM_BEFORE_COLON = re.compile(
    r"(?:a modifié|a changé|changed|hat .* geändert|cambió|ha cambiado|created group|a créé)",
    re.IGNORECASE,
)
# Words that only day-first locales write (French, German, Spanish, Dutch).
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
    comma: bool
    hour: int
    minute: int
    second: int
    ampm: str
    rest: str
    bracket: bool
    english_clock: bool  # "AM"/"PM" without dots, as English writes it
    lines: list[str] = field(default_factory=list)


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


def parse_text(
    text: str,
    result: ParseResult,
    *,
    day_first: bool | None = None,
    tz: str | None = "Europe/Brussels",
) -> None:
    """Fill `result` with the events of a WhatsApp or Signal text export."""
    tzinfo = zone(tz)
    headers: list[_Header] = []
    for number, raw in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        match = match_header(raw)
        if match is None:
            if headers:
                headers[-1].lines.append(raw)
            elif raw.strip(LRM + " \t"):
                result.problem(number, _("Text before the first message was ignored."))
            continue
        headers.append(
            _Header(
                line=number,
                d1=match["d1"],
                d2=match["d2"],
                d3=match["d3"],
                sep=match["sep"],
                comma=bool(match["comma"]),
                hour=int(match["hour"]),
                minute=int(match["minute"]),
                second=int(match["second"] or 0),
                ampm=(match["ampm"] or "").replace(".", "").replace(" ", "").lower(),
                rest=match["rest"],
                bracket=match.re is _IOS,
                english_clock=(match["ampm"] or "").upper() in ("AM", "PM"),
            )
        )
    if not headers:
        raise ExportError(_("No message was found: this is not a chat export Relais can read."))
    order = _date_order(headers, text, day_first, result)
    for header in headers:
        when = _wall_clock(header, order)
        if when is None:
            result.problem(header.line, _("The date or time of this message is not valid."))
        result.add(_event(header, when, tzinfo, result.platform))


def _fields(header: _Header, order: str) -> tuple[int, int, int]:
    """(year, month, day) of a header read in `order` ('ymd', 'dmy' or 'mdy')."""
    a, b, c = int(header.d1), int(header.d2), int(header.d3)
    if order == "ymd":
        return a, b, c
    year = c + 2000 if len(header.d3) == 2 else c
    return (year, b, a) if order == "dmy" else (year, a, b)


def _date_order(
    headers: list[_Header], text: str, day_first: bool | None, result: ParseResult
) -> str:
    """Decide once per file whether 03/04/24 is the 3rd of April or March the 4th.

    1. a first field of four digits: year first; 2. any first field above 12: day first;
    any second field above 12: month first; 3. the caller's `day_first`; 4. the only reading in
    which dates never go backwards; 5. words only day-first languages write, then an English
    AM/PM clock (month first); 6. day first, as French and Belgian users write.
    """
    if all(len(h.d1) == 4 for h in headers):
        return "ymd"
    firsts = any(int(h.d1) > 12 for h in headers)
    seconds = any(int(h.d2) > 12 for h in headers)
    if firsts != seconds:
        return "dmy" if firsts else "mdy"
    if firsts and seconds:
        result.problem(None, _("The dates mix day-first and month-first styles."))
    if day_first is not None:
        return "dmy" if day_first else "mdy"
    backwards = {order: _backward_steps(headers, order) for order in ("dmy", "mdy")}
    if (backwards["dmy"] == 0) != (backwards["mdy"] == 0):
        return "dmy" if backwards["dmy"] == 0 else "mdy"
    if any(h.sep == "." for h in headers) or _DAY_FIRST_HINTS.search(text[:1_000_000]):
        return "dmy"
    if any(h.english_clock for h in headers):
        return "mdy"
    return "dmy"


def _backward_steps(headers: list[_Header], order: str) -> int:
    steps, previous = 0, None
    for header in headers:
        try:
            current = datetime(*_fields(header, order))
        except ValueError:
            continue
        if previous is not None and current < previous:
            steps += 1
        previous = current
    return steps


def _wall_clock(header: _Header, order: str) -> datetime | None:
    hour = header.hour
    if header.ampm:
        if hour > 12:
            return None
        hour = hour % 12 + (12 if header.ampm.startswith("p") else 0)
    try:
        return datetime(*_fields(header, order), hour, header.minute, header.second)
    except ValueError:
        return None


def _event(
    header: _Header, when: datetime | None, tzinfo: ZoneInfo | None, platform: str
) -> ChatEvent:
    body = "\n".join([header.rest, *header.lines]).rstrip("\n")
    author, kind, text, files = _classify(body)
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


def _classify(body: str) -> tuple[str | None, Kind, str, tuple[str, ...]]:
    """(author, kind, text, attachment names) of a message body 'Author: text' or a system line."""
    if body[:1] in LRM:
        return None, "system", body.lstrip(LRM), ()
    author, sep, text = body.partition(": ")
    if not sep or "\n" in author or len(author) > 100 or _SYSTEM_BEFORE_COLON.search(author):
        return None, "system", body, ()
    marked = text[:1] in LRM
    text = text.lstrip(LRM)
    first_line = text.split("\n", 1)[0].strip(LRM + " ")
    attached = _ATTACHED_IOS.match(first_line) or _ATTACHED_ANDROID.fullmatch(first_line)
    if attached:
        return author, "attachment", text, (attached["file"].strip(LRM + " "),)
    if _OMITTED.fullmatch(first_line):
        return author, "attachment", text, ()
    if text.strip(LRM + " .").casefold() in _DELETED:
        return author, "deleted", text, ()
    if marked:
        # iOS marks system lines it attributes to the group or to a person with a leading LRM.
        return None, "system", f"{author}: {text}", ()
    return author, "message", text, ()
