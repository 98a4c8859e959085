"""Recognising an export and handing it to its parser."""

from __future__ import annotations

import os
import re
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from . import instagram, sms, telegram, whatsapp
from .archive import read_zip
from .base import MAX_TEXT_BYTES, MAX_XML_BYTES, ExportError, ParseResult, decode_text

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
    data: bytes | str | os.PathLike[str],
    *,
    name_hint: str = "",
    day_first: bool | None = None,
    tz: str | None = "Europe/Brussels",
) -> ParseResult:
    """Parse a chat export (bytes, or a path to the file); see the package docstring.

    Raises ExportError with a user-facing reason when the file cannot be read at all; lines or
    items that could not be understood are listed in `ParseResult.problems` instead.
    """
    source: bytes | Path
    if isinstance(data, bytes):
        source = data
        head = data[:HEAD_BYTES]
    else:
        source = Path(data)
        name_hint = name_hint or source.name
        try:
            with source.open("rb") as handle:
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
    result = ParseResult(platform=platform)
    if head.startswith(_ZIP_MAGIC):
        _name, text = read_zip(source, result)
        whatsapp.parse_text(decode_text(text, result), result, day_first=day_first, tz=tz)
        _check_references(result)
        return result
    content = _read(source, MAX_XML_BYTES if platform == "sms" else MAX_TEXT_BYTES)
    if platform == "sms":
        sms.parse(content, result)
    elif platform == "telegram":
        telegram.parse(content, result, tz=tz)
    elif platform == "instagram":
        instagram.parse(content, result)
    else:
        whatsapp.parse_text(decode_text(content, result), result, day_first=day_first, tz=tz)
    return result


def _read(source: bytes | Path, limit: int) -> bytes:
    if isinstance(source, bytes):
        content = source
    else:
        try:
            if source.stat().st_size > limit:
                raise ExportError(_("The file is too large."))
            content = source.read_bytes()
        except OSError as exc:
            raise ExportError(_("The file cannot be read.")) from exc
    if len(content) > limit:
        raise ExportError(_("The file is too large."))
    return content


def _check_references(result: ParseResult) -> None:
    """Name the attachments a zipped chat mentions but does not carry."""
    for event in result.events:
        for name in event.attachments:
            if name not in result.attachments:
                result.problem(
                    event.line, _("The attachment %(name)s is not in the archive.") % {"name": name}
                )
