"""Hostile files end in ExportError or listed problems: never a crash, a hang or a blow-up."""

import io
import json
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relais.chatexports import ExportError, ParseResult, parse_export
from relais.chatexports.base import MAX_PROBLEMS, MAX_TEXT_BYTES, MAX_ZIP_MEMBERS

CHAT = "13/03/2024 14:05 - Léa: bonjour\n".encode()


def make_zip(members, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def refused(data, name="export"):
    with pytest.raises(ExportError) as error:
        parse_export(data, name_hint=name)
    return str(error.value)


def test_a_zip_bomb_is_refused():
    bomb = make_zip([("_chat.txt", CHAT), ("video.mp4", bytes(20 * 1024 * 1024))])

    assert len(bomb) < 100_000
    assert refused(bomb) == "The archive is compressed suspiciously well (a zip bomb?)."


def test_a_zip_with_too_many_files_is_refused():
    members = [("_chat.txt", CHAT)] + [(f"{n}.jpg", b"") for n in range(MAX_ZIP_MEMBERS)]

    assert refused(make_zip(members, zipfile.ZIP_STORED)) == "The archive holds too many files."


@pytest.mark.parametrize("name", ["../evil.jpg", "/etc/passwd", "C:/evil.jpg", "a/../../b.jpg"])
def test_a_zip_whose_names_climb_out_is_refused(name):
    archive = make_zip([("_chat.txt", CHAT), (name, b"x")])

    assert refused(archive) == "The archive holds a file with an unsafe name."


def test_a_nested_archive_is_not_opened():
    inner = make_zip([("_chat.txt", CHAT)])
    archive = make_zip([("_chat.txt", CHAT), ("inner.zip", inner), ("photo.jpg", inner)])

    result = parse_export(archive)

    assert result.attachments == {}
    assert result.problems == [
        "A nested archive was not opened: inner.zip",
        "A nested archive was not opened: photo.jpg",
    ]
    assert [e.text for e in result.events] == ["bonjour"]


def test_a_zip_without_a_chat_or_with_two_is_refused():
    assert refused(make_zip([("photo.jpg", b"x")])).startswith("The archive does not hold")
    assert refused(make_zip([("a.txt", CHAT), ("b.txt", CHAT)])).startswith("The archive does not")


def test_a_damaged_zip_is_refused():
    archive = make_zip([("_chat.txt", CHAT * 100)])
    damaged = archive[:60] + bytes(40) + archive[100:]

    assert "damaged" in refused(damaged)
    assert "damaged" in refused(b"PK\x03\x04 not really a zip")


def test_a_missing_attachment_of_a_zipped_chat_is_reported():
    chat = "[13/03/2024 14:05:33] Léa: \u200e<joint : 0001-PHOTO.jpg>\n".encode()

    result = parse_export(make_zip([("_chat.txt", chat)]))

    assert result.problems == ["Line 1: The attachment 0001-PHOTO.jpg is not in the archive."]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE smses [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<smses count="1"><sms date="1" type="1" address="1" body="&d;&d;&d;&d;&d;&d;&d;&d;" /></smses>
"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE smses [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<smses count="1"><sms date="1" type="1" address="1" body="&x;" /></smses>
"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, XXE])
def test_xml_with_entities_is_refused(data):
    assert (
        refused(data, "sms.xml") == "The XML file declares entities or a DTD, which Relais refuses."
    )


def test_xml_that_is_not_a_backup_is_refused():
    assert refused(b"<html><smses/></html>", "x.xml") == (
        "This XML file is not an SMS Backup & Restore backup."
    )
    assert refused(b"<html/>", "x.xml").startswith("This file is not a chat export")


def test_a_10_mb_line_without_a_header_is_refused():
    assert refused(b"A" * (10 * 1024 * 1024), "chat.txt").startswith("This file is not a chat")


def test_a_10_mb_message_is_read_whole():
    data = CHAT.rstrip(b"\n") + b"x" * (10 * 1024 * 1024)

    result = parse_export(data, name_hint="chat.txt")

    assert len(result.events) == 1
    assert len(result.events[0].text) == len("bonjour") + 10 * 1024 * 1024


def test_deeply_nested_json_is_refused():
    data = b'{"messages": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"

    assert refused(data, "result.json") == "The JSON file is damaged."


def test_an_oversized_json_is_refused_before_parsing():
    data = b'{"chats": ' + b" " * MAX_TEXT_BYTES + b"}"

    assert refused(data, "result.json") == "The file is too large."


def test_problems_are_capped():
    junk = b"not a header\n" * (MAX_PROBLEMS * 3)

    result = parse_export(junk + CHAT, name_hint="chat.txt")

    assert len(result.problems) == MAX_PROBLEMS + 1
    assert result.problems[-1] == "More problems were found and not listed."


def test_invalid_utf8_is_replaced_and_reported():
    result = parse_export(CHAT.replace(b"bonjour", b"bon\xffjour"), name_hint="chat.txt")

    assert result.events[0].text == "bon\ufffdjour"
    assert result.problems == ["The file is not valid UTF-8; unreadable characters were replaced."]


def test_an_unknown_time_zone_is_refused():
    assert parse_export(CHAT, tz="UTC").events
    with pytest.raises(ExportError):
        parse_export(CHAT, tz="Mars/Olympus")


FRAGMENTS = st.sampled_from(
    [
        "12/03/2024 14:05 - ",
        "[3/4/24, 2:05:33\u202fPM] ",
        "13.13.13, 99:99 - ",
        "Léa: ",
        "\u200e",
        "<joint : x.jpg>",
        " (fichier joint)",
        "\n",
        "\r\n",
        "<Médias omis>",
        ": ",
        "a",
        "0",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS, max_size=40))
def test_any_chat_like_text_parses_or_is_refused_cleanly(parts):
    try:
        result = parse_export("".join(parts).encode(), name_hint="chat.txt")
    except ExportError as error:
        assert str(error)
    else:
        assert isinstance(result, ParseResult)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["chat.txt", "result.json", "a.zip", "s.xml"]))
def test_any_bytes_parse_or_are_refused_cleanly(data, name):
    for candidate in (data, b"PK\x03\x04" + data, b"<smses>" + data, b'{"messages":' + data):
        try:
            parse_export(candidate, name_hint=name)
        except ExportError as error:
            assert str(error)


def test_a_json_list_is_not_a_crash():
    with pytest.raises(ExportError):
        parse_export(json.dumps([{"sender_name": "x"}]).encode(), name_hint="message_1.json")
