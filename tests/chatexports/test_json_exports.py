"""Telegram (single and batch) and Instagram JSON beyond the shared samples."""

import json
import tracemalloc
from datetime import UTC, datetime

import pytest

from relais.chatexports import ExportError, parse_export
from relais.chatexports.instagram import fix_mojibake


def parse_json(value, name="export.json", **kwargs):
    return parse_export(json.dumps(value).encode(), name_hint=name, **kwargs)


def test_telegram_service_messages_photos_and_files():
    export = {
        "name": "Classe",
        "type": "private_group",
        "messages": [
            {
                "type": "service",
                "date_unixtime": "1710248400",
                "actor": "Léa",
                "action": "invite_members",
                "members": ["Tom"],
                "text": "",
            },
            {
                "type": "message",
                "date_unixtime": "1710248460",
                "from": "Léa",
                "photo": "photos/photo_1@12-03-2024_14-01-00.jpg",
                "text": ["Regarde ", {"type": "mention", "text": "@tom"}, " !"],
            },
            {
                "type": "message",
                "date_unixtime": "1710248470",
                "from": "Tom",
                "file": "(File not included. Change data exporting settings to download.)",
                "media_type": "video_file",
                "text": "",
            },
        ],
    }

    events = parse_json(export, "result.json").events

    assert [(e.kind, e.author, e.text) for e in events] == [
        ("system", None, "Léa invite_members Tom"),
        ("attachment", "Léa", "Regarde @tom !"),
        ("attachment", "Tom", ""),
    ]
    assert events[1].attachments == ("photos/photo_1@12-03-2024_14-01-00.jpg",)
    assert events[2].attachments == ()
    assert events[0].occurred_at == datetime(2024, 3, 12, 13, 0, tzinfo=UTC)
    assert not events[0].zone_assumed


def test_an_old_telegram_export_without_unix_times_uses_the_wall_clock_in_the_given_zone():
    export = {
        "messages": [{"type": "message", "date": "2018-12-05T11:39:10", "from": "A", "text": "x"}]
    }

    event = parse_json(export, "result.json", tz=None).events[0]

    assert event.occurred_at == datetime(2018, 12, 5, 11, 39, 10)
    assert event.zone_assumed


def test_a_telegram_batch_export_reads_every_chat():
    message = {"type": "message", "date_unixtime": "1544006350", "from": "A", "text": "x"}
    export = {
        "chats": {"list": [{"name": "one", "messages": [message]}, {"messages": [message]}]},
        "left_chats": {"list": [{"messages": [message]}]},
    }

    assert len(parse_json(export, "result.json").events) == 3


def test_instagram_mojibake_is_undone():
    export = {
        "participants": [{"name": "L\u00c3\u00a9a"}],
        "messages": [
            {
                "sender_name": "L\u00c3\u00a9a",
                "timestamp_ms": 1710248400000,
                "content": "Tu vas regretter d'\u00c3\u00aatre venue \u00f0\u009f\u0098\u00a1",
                "photos": [{"uri": "messages/inbox/lea_1/photos/1.jpg"}],
            }
        ],
    }

    event = parse_json(export, "message_1.json").events[0]

    assert event.author == "Léa"
    assert event.text == "Tu vas regretter d'être venue 😡"
    assert event.kind == "attachment"
    assert event.attachments == ("messages/inbox/lea_1/photos/1.jpg",)


def test_text_that_is_not_mojibake_is_left_alone():
    assert fix_mojibake("déjà 😡") == "déjà 😡"
    assert fix_mojibake("Ã") == "Ã"


def test_instagram_messages_come_out_oldest_first_and_shares_keep_their_link():
    export = {
        "participants": [],
        "messages": [
            {"sender_name": "B", "timestamp_ms": 2000, "share": {"link": "https://example.org/p"}},
            {"sender_name": "A", "timestamp_ms": 1000, "content": "first", "is_unsent": True},
        ],
    }

    events = parse_json(export, "message_1.json").events

    assert [(e.author, e.kind, e.text) for e in events] == [
        ("A", "deleted", "first"),
        ("B", "message", "https://example.org/p"),
    ]


def test_an_instagram_message_without_a_time_is_reported_not_fatal():
    export = {"participants": [], "messages": [{"sender_name": "A", "content": "x"}]}

    result = parse_json(export, "message_1.json")

    assert result.events == []
    assert result.problems == ["A message without a date was skipped."]


@pytest.mark.parametrize(
    "data",
    [b'{"messages": [', b'{"sender_name": "x", "messages": 3}', b"\xff\xfe{", b'{"chats": 1}'],
)
def test_broken_json_exports_are_refused_with_a_reason(data):
    with pytest.raises(ExportError) as error:
        parse_export(data, name_hint="result.json")

    assert str(error.value)


def _telegram(count, size):
    return {
        "name": "Classe",
        "type": "private_group",
        "id": 1,
        "messages": [
            {
                "id": n,
                "type": "message",
                "date_unixtime": str(1710248400 + n),
                "from": "Léa",
                "from_id": "user1",
                "text": f"{n} " + "é" * size + ' "messages": [ ',
            }
            for n in range(count)
        ],
    }


def test_a_telegram_export_is_read_across_reads_and_quoted_keys_are_text():
    export = _telegram(3000, 600)  # about 3.7 MiB: messages cut by the 1 MiB reads

    result = parse_json(export, "result.json")

    assert [e.text for e in result.events] == [m["text"] for m in export["messages"]]


def test_a_telegram_export_is_parsed_without_building_its_tree():
    data = json.dumps(_telegram(16_000, 1000), ensure_ascii=False).encode()  # about 32 MiB
    seen = []

    tracemalloc.start()
    try:
        parse_export(data, name_hint="result.json", sink=lambda e: seen.append(e.digest))
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert len(seen) == 16_000
    assert peak < len(data) // 4, f"peak {peak} bytes for {len(data)} bytes of JSON"


def test_a_telegram_export_cut_short_is_damaged():
    data = json.dumps(_telegram(10, 10)).encode()[:-200]

    with pytest.raises(ExportError) as error:
        parse_export(data, name_hint="result.json")

    assert str(error.value) == "The JSON file is damaged."
