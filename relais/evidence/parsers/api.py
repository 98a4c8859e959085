"""Recognising an export and handing it to its parser."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from . import instagram, sms, telegram, whatsapp
from .archive import zip_chat
from .base import (
    MAX_INSTAGRAM_BYTES,
    MAX_TEXT_BYTES,
    MAX_XML_BYTES,
    MAX_ZIP_TOTAL_BYTES,
    ChatEvent,
    ExportError,
    ParseResult,
)
from .stream import LimitedReader, Opener, read_limited, text_lines

HEAD_BYTES = 64 * 1024
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_TELEGRAM_KEYS = re.compile(rb'"(?:date_unixtime|from_id|chats|personal_information)"')
_INSTAGRAM_KEYS = re.compile(rb'"(?:sender_name|timestamp_ms|participants|thread_path)"')
_SMS_ROOT = re.compile(rb"<(?:smses|calls)[\s>/]")


def detect_format(name: str, head: bytes) -> str | None:
    """The platform of an export from its name and first bytes (64 KiB are plenty), or None.

    A zip is taken for a WhatsApp export (the only archive format read); JSON is told apart by
    the keys Telegram and Instagram write; XML by SMS Backup & Restore's root element; text by
    the WhatsApp or signal-export line header.
    """
    if head.startswith(_ZIP_MAGIC):
        return "whatsapp"
    body = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    lower = name.lower()
    if body.startswith(b"{"):
        telegram_hits = len(_TELEGRAM_KEYS.findall(body))
        instagram_hits = len(_INSTAGRAM_KEYS.findall(body))
        if telegram_hits or instagram_hits:
            return "telegram" if telegram_hits >= instagram_hits else "instagram"
        if lower.endswith("result.json"):
            return "telegram"
        if re.search(r"message_\d+\.json$", lower):
            return "instagram"
        return None
    if body.startswith(b"<"):
        return "sms" if _SMS_ROOT.search(body) else None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = body.decode("utf-8", errors="ignore")
    found = whatsapp.sniff(text)
    if found == "whatsapp" and "signal" in lower:
        return "signal"
    return found


def parse_export(
    data: bytes | str | os.PathLike[str] | Opener,
    *,
    name_hint: str = "",
    day_first: bool | None = None,
    prefer_day_first: bool = False,
    tz: str | None = "Europe/Brussels",
    sink: Callable[[ChatEvent], None] | None = None,
    keep_attachments: bool = True,
) -> ParseResult:
    """Parse a chat export: bytes, a path, or an Opener (a function returning a fresh binary
    stream of the file from its start, such as the vault's decrypting reader); see the package
    docstring.

    Text exports (WhatsApp, Signal), Telegram JSON and SMS backups are read as a stream, a
    zipped chat out of its archive; an Instagram file is read whole (at most
    MAX_INSTAGRAM_BYTES). With a `sink`, each event is handed to it as soon as it is read instead
    of being kept in `result.events`; without `keep_attachments` the files of a zip or backup
    are named, not kept.

    `day_first` settles the date order of a file whose dates do not (the family's answer);
    `prefer_day_first` only chooses day first for a file that stays ambiguous, which is still
    flagged (`dates_ambiguous`) so that the family is asked.

    Raises ExportError with a user-facing reason when the file cannot be read at all; lines or
    items that could not be understood are listed in `ParseResult.problems` instead.
    """
    opener: Opener
    if isinstance(data, bytes):
        content = data
        opener = lambda: io.BytesIO(content)  # noqa: E731
    elif callable(data):
        opener = data
    else:
        path = Path(data)
        name_hint = name_hint or path.name
        opener = lambda: path.open("rb")  # noqa: E731
    try:
        with opener() as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as exc:
        raise ExportError(_("The file cannot be read.")) from exc
    platform = detect_format(name_hint, head)
    if platform is None:
        raise ExportError(
            _(
                "This file is not a chat export Relais can read (WhatsApp, Telegram, Instagram, "
                "Signal or SMS Backup & Restore)."
            )
        )
    result = ParseResult(
        platform=platform,
        sink=sink,
        keep_attachments=keep_attachments,
        prefer_day_first=prefer_day_first,
    )
    try:
        _parse(data, opener, head, result, day_first=day_first, tz=tz)
    except OSError as exc:
        raise ExportError(_("The file cannot be read.")) from exc
    return result


def _parse(
    data: object,
    opener: Opener,
    head: bytes,
    result: ParseResult,
    *,
    day_first: bool | None,
    tz: str | None,
) -> None:
    if head.startswith(_ZIP_MAGIC):
        # A zip is read from its end (its directory): bytes or a file as given, else in memory.
        source: bytes | Path
        if isinstance(data, bytes):
            source = data
        elif callable(data):
            with opener() as handle:
                source = read_limited(handle, MAX_ZIP_TOTAL_BYTES)
        else:
            source = Path(data)  # type: ignore[arg-type]
        with zip_chat(source, result) as chat:
            _whatsapp(chat, result, day_first=day_first, tz=tz)
        return
    if result.platform == "sms":
        with opener() as handle:
            sms.parse(io.BufferedReader(LimitedReader(handle, MAX_XML_BYTES)), result)
    elif result.platform == "telegram":
        telegram.parse(opener, result, tz=tz)
    elif result.platform == "instagram":
        with opener() as handle:
            instagram.parse(read_limited(handle, MAX_INSTAGRAM_BYTES), result)
    else:
        _whatsapp(opener, result, day_first=day_first, tz=tz)


def _whatsapp(
    opener: Opener, result: ParseResult, *, day_first: bool | None, tz: str | None
) -> None:
    """Two readings of the text; a decoding problem is said in the first only."""
    readings = iter((True, False))

    def lines() -> Iterator[str]:
        return text_lines(opener, result, limit=MAX_TEXT_BYTES, report=next(readings, False))

    whatsapp.parse_lines(lines, result, day_first=day_first, tz=tz)
