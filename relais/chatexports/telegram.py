"""Telegram Desktop JSON exports: one chat (`result.json` of a chat) or the whole account.

Read message by message as the file is read (jsonexport.iter_messages), never parsed whole.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from typing import Any

from .base import ChatEvent, Kind, ParseResult, from_epoch, localise, zone
from .jsonexport import as_dict, as_list, iter_messages
from .stream import Head, Opener, Reading
from .text import _

_KEYS = re.compile(rb'"(?:date_unixtime|from_id|chats|personal_information)"')

# Entities Telegram finds by itself in what was typed; they were typed apart from the word before.
_DETECTED = {"link", "mention", "hashtag", "cashtag", "email", "phone", "bot_command"}
_OPENERS = " \t\n([{'\"«/@#"


def recognise(head: Head) -> float:
    """JSON: one point per key only Telegram writes (Instagram's keys count for Instagram, and
    the more points win); with none, the name Telegram gives a chat's export."""
    if head.container != "json":
        return 0
    hits = len(_KEYS.findall(head.body))
    return hits or (0.5 if head.lower_name.endswith("result.json") else 0)


def read(reading: Reading, result: ParseResult) -> None:
    parse(reading.opener, result, tz=reading.tz)


def parse(data: bytes | Opener, result: ParseResult, *, tz: str | None) -> None:
    """Read every message of every chat in the file, one at a time (see `iter_messages`)."""
    opener = (lambda: io.BytesIO(data)) if isinstance(data, bytes) else data
    tzinfo = zone(tz)
    for message in iter_messages(opener):
        event = _event(as_dict(message), tzinfo)
        if event is None:
            result.problem(None, _("A message without a date was skipped."))
        else:
            result.add(event)


def text_of(value: Any) -> str:
    """Join Telegram's text pieces (strings and {type, text} entities) into plain text.

    Pieces are concatenated as Telegram stores them, except that a space is put before a link,
    mention, hashtag, e-mail or phone entity glued to a word, as such entities were typed apart.
    """
    if isinstance(value, str):
        return value
    out = ""
    for piece in as_list(value):
        if isinstance(piece, str):
            out += piece
            continue
        chunk = str(as_dict(piece).get("text", ""))
        if out and chunk and piece.get("type") in _DETECTED and out[-1] not in _OPENERS:
            out += " "
        out += chunk
    return out


def _when(message: dict[str, Any], tzinfo: Any) -> tuple[datetime, datetime | None] | None:
    """(occurred_at, wall clock or None): `date_unixtime` is the instant; a `date` with a zone or
    "Z" keeps it; a bare `date` is a wall-clock time read in `tzinfo`."""
    if str(message.get("date_unixtime", "")).isdigit():
        return from_epoch(int(message["date_unixtime"])), None
    try:
        written = datetime.fromisoformat(str(message.get("date")))
    except ValueError:
        return None
    if written.tzinfo is not None:
        return written, None
    return localise(written, tzinfo), written


def _event(message: dict[str, Any], tzinfo: Any) -> ChatEvent | None:
    when = _when(message, tzinfo)
    if when is None:
        return None
    occurred_at, wall_clock = when
    text = text_of(message.get("text", ""))
    author = message.get("from") or message.get("actor") or message.get("from_id")
    kind: Kind = "message"
    files = tuple(
        str(message[key])
        for key in ("photo", "file")
        if isinstance(message.get(key), str) and not str(message[key]).startswith("(")
    )
    if message.get("type") == "service":
        kind = "system"
        members = ", ".join(str(m) for m in as_list(message.get("members")) if m)
        text = " ".join(
            part
            for part in (str(author or ""), str(message.get("action", "")), members, text)
            if part
        )
        author = None
    elif message.get("media_type") == "sticker":
        # A sticker carries no text; its emoji says what it shows.
        kind = "sticker"
        text = text or str(message.get("sticker_emoji") or "")
    elif files or message.get("media_type") or message.get("photo"):
        kind = "attachment"
    return ChatEvent.build(
        platform="telegram",
        occurred_at=occurred_at,
        wall_clock=wall_clock,
        zone_assumed=wall_clock is not None,
        author=None if author is None else str(author),
        text=text,
        kind=kind,
        attachments=files,
    )
