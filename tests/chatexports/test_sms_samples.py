"""Every SMS Backup & Restore sample, with expectations derived from the files.

The app's conventions: `date` in milliseconds since the epoch (UTC); type 1 received, 2 sent,
3 draft; MMS msg_box likewise; text/plain parts are the text, other parts (not SMIL) are files.
"""

from pathlib import Path

import pytest

from relais.chatexports import ExportError, parse_export

SMS = Path(__file__).parents[1] / "data" / "exports" / "sms_backup_restore_xml"


def rows(path):
    result = parse_export(SMS / path)
    assert result.platform == "sms"
    return result, [
        (e.occurred_at.isoformat(), e.author, e.kind, e.text, e.attachments) for e in result.events
    ]


def test_minimal_sms():
    result, events = rows("shruggietech/minimal_sms.xml")

    assert events == [
        (
            "2021-01-01T00:00:00+00:00",
            "Alice Smith (+15551234567)",
            "message",
            "Happy New Year! This is a test message.",
            (),
        )
    ]
    assert result.problems == []


def test_minimal_mms_has_subject_text_and_image():
    result, events = rows("shruggietech/minimal_mms.xml")

    assert events == [
        (
            "2021-01-02T00:00:00+00:00",
            "Alice Smith (+15551234567)",
            "attachment",
            "Test MMS Subject\nHello from MMS!",
            ("image.jpg",),
        )
    ]
    assert result.attachments["image.jpg"].startswith(b"\x89PNG")
    assert result.problems == []


def test_mixed_sms_mms_sent_and_draft():
    _result, events = rows("shruggietech/mixed.xml")

    assert events == [
        (
            "2021-01-01T00:00:00+00:00",
            "Alice Smith (+15551234567)",
            "message",
            "Hey, how are you?",
            (),
        ),
        (
            "2021-01-01T01:00:00+00:00",
            "Alice Smith (+15551234567)",
            "message",
            "This is a text-only MMS from Alice.",
            (),
        ),
        ("2021-01-01T02:00:00+00:00", "Me", "message", "I'm good, thanks!", ()),
        (
            "2021-01-01T03:00:00+00:00",
            None,
            "system",
            "Draft, not sent, to Bob Jones (+15559990001): Don't forget about...",
            (),
        ),
    ]


def test_edge_cases_minimal_fields_entities_empty_body_and_mms_without_parts():
    result, events = rows("shruggietech/edge_cases.xml")

    assert events == [
        (
            "2021-01-01T00:00:00+00:00",
            "+15551112222",
            "message",
            "Minimal fields, no optionals.",
            (),
        ),
        (
            "2021-01-01T01:00:00+00:00",
            "Me",
            "message",
            "Hello 🌍 — this has «special» chars & symbols < > \" '",
            (),
        ),
        ("2021-01-01T02:00:00+00:00", "Dana Empty (+15555556666)", "message", "", ()),
        ("2021-01-01T03:00:00+00:00", "Eve NoParts (+15557778888)", "message", "", ()),
    ]
    assert result.problems == []


def test_a_call_log_becomes_system_events():
    _result, events = rows("shruggietech/minimal_calls.xml")

    assert events == [
        (
            "2021-01-03T00:00:00+00:00",
            None,
            "system",
            "Incoming call, Alice Smith (+15551234567), 125 s",
            (),
        )
    ]


def test_malformed_xml_is_refused_with_the_line_where_it_breaks():
    with pytest.raises(ExportError) as error:
        parse_export(SMS / "shruggietech" / "malformed.xml")

    assert str(error.value) == "The XML file is broken at line 4 and no message could be read."


def test_an_empty_backup_gives_no_event_and_no_problem():
    result, events = rows("devadvance/empty.xml")

    assert events == []
    assert result.problems == []


def test_corrupt_attachments_are_reported_and_the_messages_kept():
    result, events = rows("devadvance/corrupt_attachments.xml")

    assert [e[3] for e in events] == [
        "MMS with corrupted base64 image data",
        "MMS with unsupported attachment type",
    ]
    assert [e[4] for e in events] == [("corrupt_image.png",), ("corrupt.file",)]
    assert result.attachments == {}
    assert result.problems == [
        "Line 7: The attachment corrupt_image.png is damaged (bad base64).",
        "Line 18: The attachment corrupt.file is damaged (bad base64).",
    ]


def test_sample_mms_carries_image_video_audio_and_pdf():
    result, events = rows("devadvance/sample_mms.xml")

    assert [e[4] for e in events] == [
        ("image.png",),
        ("video.mp4",),
        ("audio.mp3",),
        ("document.pdf",),
    ]
    assert all(e[1] == "Contact C (+15550000003)" and e[2] == "attachment" for e in events)
    assert result.attachments["document.pdf"].startswith(b"%PDF-1.4")
    assert events[0] == (
        "2024-07-16T20:29:24+00:00",  # 13:29:24 in California,
        "Contact C (+15550000003)",
        "attachment",
        "Here is an image attachment",
        ("image.png",),
    )


def test_sample_small_mixes_threads_directions_and_mms():
    _result, events = rows("devadvance/sample_small.xml")

    assert [(e[1], e[3]) for e in events] == [
        ("Contact A (+15550000001)", "SMS 1 in Thread 1"),
        ("Me", "SMS 2 in Thread 1"),
        ("Contact A (+15550000001)", "SMS 3 in Thread 1"),
        ("Contact A (+15550000001)", "MMS 1 text in Thread 1"),
        ("Contact B (+15550000002)", "SMS 4 in Thread 2"),
        ("Me", "SMS 5 in Thread 2"),
        ("Me", "MMS 2 text in Thread 2"),
    ]
    assert events[0][0] == "2017-12-02T14:49:27.463000+00:00"


def test_sms_small_keeps_multi_line_bodies():
    result, events = rows("devadvance/sms_small.xml")

    assert len(events) == 12
    assert events[9][1:4] == ("Me", "message", "Body text 10\nBody text 11\nBody text 12")
    assert result.problems == []


def test_a_truncated_backup_keeps_what_came_before_the_break():
    # This sample stops inside its last <mms>: 41 <sms> and 8 whole <mms> are readable.
    result, events = rows("devadvance/sms_and_mms.xml")

    assert len(events) == 49
    assert result.problems == [
        "Line 136: The XML file is broken here; the message being read and any after it are lost."
    ]
    bodies = [e[3] for e in events]
    assert "Body text 26\n\nBody text 27" in bodies
    assert "Body text 50\nBody text 51\nBody text 52\nBody text 53" in bodies
    with_files = [e for e in events if e[2] == "attachment"]
    assert [e[4] for e in with_files] == [("image_8.png",), ("image_10.png",)]
    assert set(result.attachments) == {"image_8.png", "image_10.png"}


def test_a_group_mms_is_authored_by_its_sender_address():
    _result, events = rows("devadvance/sms_and_mms.xml")

    authors = {e[1] for e in events}
    assert "+15550000009" in authors


def test_same_named_mms_files_get_distinct_names():
    result, _events = rows("devadvance/sms_and_mms.xml")

    names = list(result.attachments)
    assert len(names) == len(set(names))
