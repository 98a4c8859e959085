"""The formats are one list (relais.chatexports.formats.FORMATS): recognising a file, the
platform it is read as and the refusal of any other file all come from it, so that adding a
format is one module, one entry, a sample and its test (issue 11, point 3)."""

from __future__ import annotations

import pytest
from django.utils import translation

from relais.chatexports import (
    FORMATS,
    ExportError,
    Format,
    ParseResult,
    Sentence,
    formats,
    parse_export,
    refusal,
)
from relais.chatexports.base import ChatEvent
from relais.chatexports.stream import Head, Reading


def test_every_format_has_a_key_a_name_a_recogniser_and_a_reader():
    assert [entry.key for entry in FORMATS] == [
        "whatsapp",
        "telegram",
        "instagram",
        "signal",
        "sms",
    ]
    assert all(str(entry.name) and callable(entry.recognise) for entry in FORMATS)
    assert all(callable(entry.read) for entry in FORMATS)


def test_the_refusal_names_every_format_in_the_list_order():
    with pytest.raises(ExportError) as error:
        parse_export(b"<html/>", name_hint="page.xml")

    assert str(error.value) == (
        "This file is not a chat export Relais can read (WhatsApp, Telegram, Instagram, Signal "
        "or SMS Backup & Restore)."
    )


def test_the_refusal_is_said_in_the_language_it_is_read_in():
    reason = refusal()  # built once, read in each language

    with translation.override("fr"):
        french = str(reason)
    with translation.override("nl"):
        dutch = str(reason)

    assert french == (
        "Ce fichier n'est pas un export de conversation que Relais sait lire (WhatsApp, "
        "Telegram, Instagram, Signal ou SMS Backup & Restore)."
    )
    assert dutch.endswith("(WhatsApp, Telegram, Instagram, Signal of SMS Backup & Restore).")


def _read_notes(reading: Reading, result: ParseResult) -> None:
    with reading.opener() as handle:
        for line in handle.read().decode().splitlines():
            result.add(
                ChatEvent.build(platform=result.platform, occurred_at=None, author="", text=line)
            )


def test_a_new_entry_is_recognised_read_and_named_in_the_refusal(monkeypatch):
    def notes(head: Head) -> float:
        return 1 if head.lower_name.endswith(".notes") else 0

    added = Format("notes", Sentence("Notes"), notes, _read_notes)
    monkeypatch.setattr(formats, "FORMATS", (*FORMATS, added))

    result = parse_export(b"one\ntwo\n", name_hint="day.notes")

    assert result.platform == "notes"
    assert [event.text for event in result.events] == ["one", "two"]
    assert str(refusal()).endswith(
        "(WhatsApp, Telegram, Instagram, Signal, SMS Backup & Restore or Notes)."
    )
