"""Loading a JSON export, whole or message by message, with a size limit and a clear error."""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import Any

from .base import MAX_INSTAGRAM_BYTES, MAX_TEXT_BYTES, ExportError
from .stream import Opener
from .text import _

_DAMAGED = _("The JSON file is damaged.")


def load_json(data: bytes) -> Any:
    """Parse JSON; deep nesting ends in RecursionError inside the C decoder, which we catch."""
    if len(data) > MAX_INSTAGRAM_BYTES:
        raise ExportError(_("The file is too large."))
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ExportError(_("The JSON file is damaged.")) from exc


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


# The key of a Telegram chat's message list. Inside a JSON string a quote is always escaped, so
# `"messages"` followed by a colon and a bracket is a key (at any depth: one chat or a whole
# account's chats), never text someone wrote.
_MESSAGES_KEY = re.compile(r'"messages"\s*:\s*\[')
_KEY_TAIL = 64  # characters kept between two reads while looking for the key
_READ = 1024 * 1024
# One message object is a few KiB; past this without a complete one the file is damaged.
MAX_ELEMENT_CHARS = 8 * 1024 * 1024


def iter_messages(opener: Opener, limit: int = MAX_TEXT_BYTES) -> Iterator[Any]:
    """The elements of every `"messages": [...]` list of a JSON file, one at a time.

    The file is decoded and scanned as it is read, holding about one read and one message, so
    a 64 MiB export does not become a 64 MiB tree. What lies outside those lists is skipped,
    not checked. Raises ExportError for a damaged list, a file over `limit` bytes, or a file
    without such a list.
    """
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    parser = json.JSONDecoder()
    buffer, pos, size, found, in_list = "", 0, 0, False, False
    with opener() as handle:

        def more() -> bool:
            nonlocal buffer, pos, size
            data = handle.read(_READ)
            size += len(data)
            if size > limit:
                raise ExportError(_("The file is too large."))
            try:
                text = decoder.decode(data, final=not data)
            except UnicodeDecodeError as exc:
                raise ExportError(_DAMAGED) from exc
            buffer, pos = buffer[pos:] + text, 0
            return bool(data)

        while True:
            if not in_list:
                match = _MESSAGES_KEY.search(buffer, pos)
                if match is not None:
                    pos, in_list, found = match.end(), True, True
                    continue
                pos = max(pos, len(buffer) - _KEY_TAIL)
                if not more():
                    break
                continue
            while pos < len(buffer) and buffer[pos] in " \t\r\n,":
                pos += 1
            if pos >= len(buffer):
                if not more():
                    raise ExportError(_DAMAGED)
                continue
            if buffer[pos] == "]":
                pos, in_list = pos + 1, False
                continue
            try:
                element, end = parser.raw_decode(buffer, pos)
            except (ValueError, RecursionError) as exc:
                # Perhaps cut by the end of the read: read on, up to one message's size.
                if len(buffer) - pos > MAX_ELEMENT_CHARS or not more():
                    raise ExportError(_DAMAGED) from exc
                continue
            pos = end
            yield element
    if not found:
        raise ExportError(_("This JSON file is not a Telegram export."))
