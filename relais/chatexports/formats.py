"""The chat-export formats the library reads: one entry each, in the order the refusal lists them.

Adding a format is a module with a `recognise(head) -> float` and a `read(reading, result)` (see
telegram.py for a short one), one entry here, a sample under tests/data/exports/ and its test
(docs/where-things-are.md). The refusal of a file no format recognises is built from this list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import instagram, sms, telegram, whatsapp
from .base import ParseResult
from .stream import Head, Reading
from .text import Either, Sentence, _


@dataclass(frozen=True)
class Format:
    # `ChatEvent.platform` and `ParseResult.platform`; stored by the importer, never renamed.
    key: str
    # The format's name as the refusal lists it (a product's name, translated all the same).
    name: Sentence
    # How sure the name and first bytes make it that a file is of this format: 0 not at all;
    # the surest format wins, the first of this list on a tie.
    recognise: Callable[[Head], float]
    # Fill the result with the file's events and problems; ExportError when it cannot be read.
    read: Callable[[Reading, ParseResult], None]


FORMATS: tuple[Format, ...] = (
    Format("whatsapp", _("WhatsApp"), whatsapp.recognise, whatsapp.read),
    Format("telegram", _("Telegram"), telegram.recognise, telegram.read),
    Format("instagram", _("Instagram"), instagram.recognise, instagram.read),
    Format("signal", _("Signal"), whatsapp.recognise_signal, whatsapp.read),
    Format("sms", _("SMS Backup & Restore"), sms.recognise, sms.read),
)


def recognise(head: Head) -> Format | None:
    """The format the head is surest of, or None when none recognises it."""
    scored = [(entry.recognise(head), entry) for entry in FORMATS]
    best, chosen = max(scored, key=lambda pair: pair[0])  # the first of equals
    return chosen if best > 0 else None


def refusal() -> Sentence:
    """What a file no format recognises is told, naming every format of the list."""
    return _("This file is not a chat export Relais can read (%(formats)s).").with_values(
        formats=Either([entry.name for entry in FORMATS])
    )
