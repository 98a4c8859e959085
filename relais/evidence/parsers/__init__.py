"""Chat exports turned into timeline events. Pure functions: no models, no database.

    from relais.evidence.parsers import parse_export, detect_format, ExportError

    result = parse_export(path_or_bytes, name_hint="WhatsApp Chat with Léa.zip")
    for event in result.events: ...      # ChatEvent, in the order of the export (oldest first)
    result.problems                      # ["Line 12: ...", ...] what could not be understood
    result.attachments                   # {"IMG-20240312-WA0001.jpg": b"...", ...} zip / MMS files

Formats (`ChatEvent.platform`): "whatsapp" (.txt or .zip, Android and iOS, French, English,
German, Spanish and other date styles, 12 and 24 hours), "signal" (signal-export text),
"telegram" (Telegram Desktop JSON, one chat or the whole account), "instagram" (DYI JSON,
its mojibake undone), "sms" (SMS Backup & Restore XML: SMS, MMS with their files, call logs).

ChatEvent fields:
- occurred_at: an aware datetime in UTC when the export records an instant (Telegram
  date_unixtime, Instagram timestamp_ms, SMS date); for wall-clock exports (WhatsApp, Signal,
  old Telegram "date") the time as written, in the `tz` zone (default Europe/Brussels), or naive
  when `tz=None`; `zone_assumed` is then True. None when the date could not be read (a problem
  names the line).
- author: the name (or number) as the export writes it; None for system lines. SMS: received
  messages "contact name (number)", sent ones "Me".
- text: the message, lines joined with "\\n", leading direction marks removed.
- kind: "message", "system" (group events, encryption notices, calls, drafts), "attachment"
  (a file sent, named or omitted: "<Médias omis>"), "deleted" ("Ce message a été supprimé").
- attachments: the file names the event refers to (as in the zip or `result.attachments`).
- digest: SHA-256 hex of the UTF-8 bytes of the JSON object
  {"attachments": [...], "author": ..., "platform": ..., "text": ..., "time": ...}
  with sorted keys, separators "," and ":", non-ASCII kept (ensure_ascii off). `time` is the
  wall-clock ISO time as the export wrote it ("2024-03-12T14:05:00") for zone-assumed events, so
  the digest does not depend on `tz`; otherwise the UTC ISO time ("2024-03-12T13:05:00+00:00");
  null without a date. Two identical messages in the same minute share a digest (the same
  message found in two exports of one chat has the same digest too).
- line: the 1-based line where the event starts in a text or XML export, else None.

WhatsApp date order (is 03/04/24 the 3rd of April?) is decided once per file: a four-digit first
field means year first; any first field above 12 means day first, any second field above 12
month first; otherwise the `day_first` argument; otherwise the only reading in which dates never
go backwards; otherwise words only day-first languages write ("fichier joint", "gelöscht"...) or
dotted dates mean day first, and an English "AM"/"PM" clock month first; otherwise day first, as
French and Belgian users write.

Errors: `ExportError(reason)` (a ValueError; `reason` is a lazy translatable sentence) when a
file cannot be read at all: unknown format, damaged zip/JSON/XML, zip bombs (more than
MAX_ZIP_MEMBERS files, MAX_ZIP_TOTAL_BYTES uncompressed, a member compressed more than
MAX_ZIP_RATIO times), unsafe names in a zip, XML with a DTD or entities, files over the size
limits. Nested archives in a zip are not opened (a problem says so). A broken SMS XML file
keeps the messages read before the break and says where it broke.
"""

from .api import detect_format, parse_export
from .base import ChatEvent, ExportError, ParseResult, event_digest

__all__ = [
    "ChatEvent",
    "ExportError",
    "ParseResult",
    "detect_format",
    "event_digest",
    "parse_export",
]
