"""Chat exports turned into events. A library: no models, no database, and no import of
Django or of the rest of Relais (tests/chatexports/test_the_library_stands_alone.py), so that
it can be read, tested and fuzzed on its own. Relais reads exports with it in the timeline
(relais.timeline.imports); the dossier names left-out media with `whatsapp_kinds`.

    from relais.chatexports import parse_export, detect_format, ExportError

    result = parse_export(path_or_bytes, name_hint="WhatsApp Chat with Léa.zip")
    for event in result.events: ...      # ChatEvent, in the order of the export (oldest first)
    result.problems                      # ["Line 12: ...", ...] what could not be understood
    result.attachments                   # {"IMG-20240312-WA0001.jpg": b"...", ...} zip / MMS files
    result.dates_ambiguous               # True: the day/month order was guessed (a problem says so)

    # As a stream: an opener returns a fresh binary stream of the file from its start; events
    # go to the sink one by one (result.events stays empty, result.count counts them).
    parse_export(opener, name_hint=name, sink=batch.append, keep_attachments=False)

Text exports and SMS backups are read as streams (a WhatsApp text twice: once for the dates,
once for the events; a zipped chat decompressed as it is read, the zip itself in memory or on
disk as given); Telegram and Instagram JSON files are parsed whole, at most MAX_TEXT_BYTES.

Formats (`ChatEvent.platform`; `formats.FORMATS` lists them, each with its name, how it is
recognised and its reader): "whatsapp" (.txt or .zip, Android and iOS, French, English,
German, Spanish and other date styles, 12 and 24 hours), "signal" (signal-export text),
"telegram" (Telegram Desktop JSON, one chat or the whole account), "instagram" (DYI JSON,
its mojibake undone), "sms" (SMS Backup & Restore XML: SMS, MMS with their files, call logs).

ChatEvent fields:
- occurred_at: an aware datetime in UTC when the export records an instant (Telegram
  date_unixtime, Instagram timestamp_ms, SMS date); in the stated zone when the export writes one
  (a Telegram `date` ending in "Z" or "+02:00"); for wall-clock exports (WhatsApp, Signal,
  old Telegram "date") the time as written, in the `tz` zone (default Europe/Brussels), or naive
  when `tz=None`; `zone_assumed` is then True. None when the date could not be read (a problem
  names the line).
- author: the name (or number) as the export writes it; None for system lines. SMS: received
  messages "contact name (number)", sent ones "Me".
- text: the message, lines joined with "\\n", leading direction marks removed.
- kind: "message"; "attachment" (a file sent, named or omitted: "<Médias omis>", "<Medien
  ausgeschlossen>", "image omitted"); "sticker" (a sticker: WhatsApp "sticker omitted",
  STK-*.webp / *-STICKER-*.webp files, Telegram media_type "sticker", its text the sticker's
  emoji); "deleted" ("Ce message a été supprimé"); "system" (not written by a person: group
  events, joined, left, subject changed, WhatsApp's end-to-end encryption notice in any of its
  languages, even under a person's name, Telegram service messages, SMS call logs and drafts).
  Documents keep "system" events out of the facts.
- attachments: the file names the event refers to (as in the zip or `result.attachments`).
- digest: SHA-256 hex of the UTF-8 bytes of the JSON object
  {"attachments": [...], "author": ..., "platform": ..., "text": ..., "time": ...}
  with sorted keys, separators "," and ":", non-ASCII kept (ensure_ascii off). `time` is the
  wall-clock ISO time as the export wrote it ("2024-03-12T14:05:00") for zone-assumed events, so
  the digest does not depend on `tz`; otherwise the UTC ISO time ("2024-03-12T13:05:00+00:00");
  null without a date. Two identical messages in the same minute share a digest (the same
  message found in two exports of one chat has the same digest too).
- line: the 1-based line where the event starts in a text or XML export, else None.

WhatsApp date order (is 03/04/24 the 3rd of April?) is decided once per file, from all its
dates: 1. the only reading in which every field is in range (a day above 12 anywhere decides; a
four-digit first field means year first; a two-digit year first, as in "24/03/05", only when
neither day-first nor month-first can read every date; years before 2009 or after next year are
out of range); 2. the `day_first` argument; 3. the reading in which the time goes backwards
least often (exports are chronological; a message that arrived late steps back in every
reading); 4. dotted dates are day first; 5. otherwise the file is ambiguous: `prefer_day_first`
(the alert's country writes day first) or words only day-first languages write mean day
first, an English "AM"/"PM" clock month first, else day first; `dates_ambiguous` is set and a
problem says how the first date was read, so that the family checks.

A line that starts with a date but matches no known header is never merged into the message
above (its words would be given to that message's author): it is an event of its own, kind
"unreadable", with no author and no date, and a problem gives its line number ("This line looks
like the start of a message...").

Errors: `ExportError(reason)` (a ValueError; `reason` is a `text.Sentence`, translated when it is
read, by the function the application gave `text.translate_with`) when a file cannot be read at
all: unknown format (`formats.refusal()`, which names every format of the list), damaged
zip/JSON/XML, zip bombs (more than MAX_ZIP_MEMBERS files, MAX_ZIP_TOTAL_BYTES uncompressed, a
member compressed more than MAX_ZIP_RATIO times), unsafe names in a zip, XML with a DTD or
entities, files over the size limits. Nested archives in a zip are not opened (a problem says
so). A broken SMS XML file keeps the messages read before the break and says where it broke.
"""

from .api import detect_format, parse_export
from .base import ChatEvent, ExportError, ParseResult, event_digest
from .formats import FORMATS, Format, refusal
from .stream import HEAD_BYTES, Opener, chunk_opener
from .text import Sentence, translate_with

__all__ = [
    "FORMATS",
    "HEAD_BYTES",
    "ChatEvent",
    "ExportError",
    "Format",
    "Opener",
    "ParseResult",
    "Sentence",
    "chunk_opener",
    "detect_format",
    "event_digest",
    "parse_export",
    "refusal",
    "translate_with",
]
