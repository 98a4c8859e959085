"""Issue 9 point 9: exports dated right, every line accounted for, every event given its kind."""

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from relais.chatexports import parse_export

DATA = Path(__file__).parents[1] / "data" / "exports" / "issue9"


def parse(name, **kwargs):
    return parse_export(DATA / name, tz=None, **kwargs)


def dates(result):
    return [e.occurred_at.isoformat() for e in result.events]


def test_an_ios_12_hour_export_from_a_day_month_phone_is_dated_right():
    result = parse("whatsapp_ios_en_12h_day_first.txt")

    assert dates(result) == [
        "2024-03-10T21:15:02",
        "2024-03-10T21:16:40",
        "2024-03-11T08:02:11",
        "2024-03-10T23:58:00",
        "2024-03-12T19:30:00",
        "2024-04-01T18:45:10",
        "2024-04-02T08:00:00",
    ]
    assert not result.dates_ambiguous
    assert result.problems == []


def test_dates_that_read_forwards_both_ways_are_flagged_and_say_how_they_were_read():
    # Nothing in the dates decides: the English clock suggests month first, and the family is
    # told so (the timeline shows the import's problems).
    result = parse("whatsapp_ios_en_12h_ambiguous.txt")

    assert dates(result)[0] == "2024-01-03T21:15:02"
    assert result.dates_ambiguous
    assert result.problems == [
        "The dates can be read day first or month first: Relais read 01/03/2024 as 2024-01-03. "
        "Check a message whose date you know, and correct the dates if needed."
    ]


def test_the_callers_choice_settles_an_ambiguous_file_without_a_flag():
    result = parse("whatsapp_ios_en_12h_ambiguous.txt", day_first=True)

    assert dates(result)[0] == "2024-03-01T21:15:02"
    assert not result.dates_ambiguous


def test_a_line_that_starts_like_a_message_is_reported_not_merged_silently():
    result = parse("whatsapp_unknown_header.txt")

    assert [e.line for e in result.events] == [1, 2, 3]
    assert result.problems == [
        "Line 2: This line looks like the start of a message, but its date and time are in a "
        "form Relais does not know; it was kept apart, as a line Relais could not read, "
        "attributed to no one."
    ]
    # Never merged into Léa's words: its own event, with no author and no date.
    first, unreadable, _third = result.events
    assert first.text == "first"
    assert unreadable.kind == "unreadable"
    assert (unreadable.author, unreadable.occurred_at) == (None, None)
    assert unreadable.text == "12/03/2024 14h06 - Tom: a header Relais does not know"


def test_the_lines_after_an_unreadable_line_stay_with_it():
    text = "12/03/2024, 14:05 - Léa: first\n[13/03/2024 2 PM Tom: broken\nstill Tom\n"
    result = parse_export(text.encode(), name_hint="chat.txt", tz=None)

    assert [(e.kind, e.author, e.text) for e in result.events] == [
        ("message", "Léa", "first"),
        ("unreadable", None, "[13/03/2024 2 PM Tom: broken\nstill Tom"),
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("whatsapp_year_first_unpadded.txt", ["2024-03-05T09:05:00", "2024-03-12T21:40:00"]),
        ("whatsapp_year_first_two_digits.txt", ["2024-03-05T09:05:00", "2024-03-12T21:40:00"]),
        ("whatsapp_android_fi_klo.txt", ["2024-03-05T21:25:00", "2024-03-05T21:26:00"]),
        ("whatsapp_ios_fi_klo.txt", ["2024-03-05T21:25:15", "2024-03-05T21:26:02"]),
    ],
)
def test_year_first_and_finnish_headers_are_read(name, expected):
    result = parse(name)

    assert dates(result) == expected
    assert [e.author for e in result.events] == (
        ["Léa", "Tom"] if "year" in name else ["Matti", "Léa"]
    )
    assert result.problems == []


def test_finnish_media_markers_are_attachments():
    for name in ("whatsapp_android_fi_klo.txt", "whatsapp_ios_fi_klo.txt"):
        assert [e.kind for e in parse(name).events] == ["message", "attachment"]


def test_media_omitted_markers_of_other_languages_are_attachments():
    result = parse("whatsapp_media_omitted_languages.txt")

    assert [e.kind for e in result.events] == ["attachment"] * 7


def test_telegram_times_keep_the_zone_the_export_states():
    result = parse_export(DATA / "telegram_zulu.json", tz="Europe/Brussels")

    first, second, _sticker, wall = result.events
    assert first.occurred_at == datetime(2024, 3, 12, 13, 5, tzinfo=UTC)
    assert first.occurred_at.utcoffset() == timedelta(0)
    assert not first.zone_assumed
    assert second.occurred_at == datetime(2024, 3, 12, 15, 6, tzinfo=timezone(timedelta(hours=2)))
    assert second.occurred_at.astimezone(UTC).hour == 13
    # Without a zone, the time is the wall clock of the alert's country, and says so.
    assert wall.zone_assumed
    assert wall.occurred_at.astimezone(UTC).hour == 13


def test_a_telegram_sticker_is_a_sticker_with_its_emoji():
    sticker = parse_export(DATA / "telegram_zulu.json").events[2]

    assert (sticker.kind, sticker.text, sticker.author) == ("sticker", "\U0001f480", "Léa")


def test_whatsapp_stickers_encryption_notices_and_system_lines_get_their_kind():
    result = parse("whatsapp_ios_stickers_and_notices.txt")

    assert [(e.kind, e.author) for e in result.events] == [
        ("system", None),
        ("system", None),
        ("system", None),
        ("sticker", "Léa"),
        ("sticker", "Léa"),
        ("system", None),
        ("deleted", "Léa"),
    ]
    assert result.events[4].attachments == ("00000013-STICKER-2024-03-12-14-06-00.webp",)


def test_an_android_sticker_file_is_a_sticker():
    first = parse("whatsapp_android_sticker.txt").events[0]

    assert first.kind == "sticker"
    assert first.attachments == ("STK-20240312-WA0003.webp",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sticker omitted", "sticker"),
        ("image omitted", "image"),
        ("<Médias omis>", "media"),
        ("<Media omitted>", "media"),
        ("vidéo absente", "video"),
        ("GIF omitted", "gif"),
        ("audio omitted", "audio"),
        ("document omitted", "document"),
        ("Bild weggelassen", "image"),
        ("a real message", None),
    ],
)
def test_omitted_media_markers_say_what_was_left_out(text, expected):
    from relais.chatexports.whatsapp_kinds import omitted_marker

    assert omitted_marker(text) == expected
