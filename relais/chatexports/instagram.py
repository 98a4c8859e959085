"""Instagram (and Messenger) "Download your information" JSON message files."""

from __future__ import annotations

import re
from typing import Any

from .base import MAX_INSTAGRAM_BYTES, ChatEvent, ExportError, Kind, ParseResult, from_epoch
from .jsonexport import as_dict, as_list, load_json
from .stream import Head, Reading, read_limited
from .text import _

_MEDIA = ("photos", "videos", "audio_files", "gifs", "files")
_KEYS = re.compile(rb'"(?:sender_name|timestamp_ms|participants|thread_path)"')
_NAME = re.compile(r"message_\d+\.json$")


def fix_mojibake(value: str) -> str:
    """Meta writes UTF-8 bytes as one \\u00XX escape each ("Ã©" for "é"): undo it when it fits."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def recognise(head: Head) -> float:
    """JSON: one point per key Instagram writes; with none, the name of its message files."""
    if head.container != "json":
        return 0
    hits = len(_KEYS.findall(head.body))
    return hits or (0.5 if _NAME.search(head.lower_name) else 0)


def read(reading: Reading, result: ParseResult) -> None:
    """Parsed whole: Instagram lists the newest message first, and a chat must be sorted."""
    with reading.opener() as handle:
        parse(read_limited(handle, MAX_INSTAGRAM_BYTES), result)


def parse(data: bytes, result: ParseResult) -> None:
    root = as_dict(load_json(data))
    messages = as_list(root.get("messages"))
    has_senders = any("sender_name" in as_dict(m) for m in messages)
    if "messages" not in root or ("participants" not in root and not has_senders):
        raise ExportError(_("This JSON file is not an Instagram export."))
    events = []
    for message in map(as_dict, messages):
        stamp = message.get("timestamp_ms")
        if not isinstance(stamp, int | float) or isinstance(stamp, bool):
            result.problem(None, _("A message without a date was skipped."))
            continue
        events.append((stamp, _event(message, stamp)))
    # Instagram lists the newest message first; a timeline reads oldest first.
    events.sort(key=lambda pair: pair[0])
    for _stamp, event in events:
        result.add(event)


def _event(message: dict[str, Any], stamp: float) -> ChatEvent:
    text = fix_mojibake(str(message.get("content") or ""))
    files = tuple(
        fix_mojibake(str(as_dict(item).get("uri", "")))
        for key in _MEDIA
        for item in as_list(message.get(key))
        if as_dict(item).get("uri")
    )
    share = as_dict(message.get("share")).get("link")
    if share:
        text = f"{text}\n{share}" if text else str(share)
    kind: Kind = "attachment" if files else "message"
    if message.get("is_unsent"):
        kind = "deleted"
    author = message.get("sender_name")
    return ChatEvent.build(
        platform="instagram",
        occurred_at=from_epoch(stamp / 1000),
        author=None if author is None else fix_mojibake(str(author)),
        text=text,
        kind=kind,
        attachments=files,
    )
