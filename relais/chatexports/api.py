"""Recognising an export and handing it to its format's reader (formats.FORMATS)."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

from .base import ChatEvent, ExportError, ParseResult
from .formats import recognise, refusal
from .stream import HEAD_BYTES, Head, Opener, Reading
from .text import _


def detect_format(name: str, head: bytes) -> str | None:
    """The platform of an export from its name and first bytes (HEAD_BYTES are plenty), or None.

    A zip is taken for a WhatsApp export (the only archive format read); JSON is told apart by
    the keys Telegram and Instagram write; XML by SMS Backup & Restore's root element; text by
    the WhatsApp or signal-export line header (formats.FORMATS, each format's `recognise`).
    """
    found = recognise(Head(name, head))
    return found.key if found else None


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

    Raises ExportError with a user-facing reason when the file cannot be read at all (one that
    no format recognises: `formats.refusal()`); lines or items that could not be understood are
    listed in `ParseResult.problems` instead.
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
            head = Head(name_hint, handle.read(HEAD_BYTES))
    except OSError as exc:
        raise ExportError(_("The file cannot be read.")) from exc
    chosen = recognise(head)
    if chosen is None:
        raise ExportError(refusal())
    result = ParseResult(
        platform=chosen.key,
        sink=sink,
        keep_attachments=keep_attachments,
        prefer_day_first=prefer_day_first,
    )
    try:
        chosen.read(Reading(data, opener, head, day_first=day_first, tz=tz), result)
    except OSError as exc:
        raise ExportError(_("The file cannot be read.")) from exc
    return result
