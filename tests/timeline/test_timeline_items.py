"""The timeline from plain items: one entry per file, oldest first, the upload time when no
date was given, and a synthesis of what is shown."""

from __future__ import annotations

from datetime import UTC, datetime

from django.test import Client

from relais.timeline.selectors import timeline_for
from tests.evidence.conftest import api_upload, jpeg_with_gps, png


def test_each_item_is_one_entry_in_chronological_order(mailbox_token, submitted):
    client = Client()
    later = api_upload(client, mailbox_token, png(), "b.png", occurred_at="2025-03-20T10:00")
    earlier = api_upload(
        client, mailbox_token, jpeg_with_gps(), occurred_at="2025-03-14T16:20", platform="snapchat"
    )
    undated = api_upload(client, mailbox_token, b"notes du 21 mars\n", "notes.txt")
    assert {later.status_code, earlier.status_code, undated.status_code} == {201}

    timeline = timeline_for(submitted.alert)

    ids = [str(entry.evidence_id) for entry in timeline.events]
    assert ids == [earlier.json()["id"], later.json()["id"], undated.json()["id"]]
    first = timeline.events[0]
    assert first.kind == "image" and first.platform == "snapchat" and first.date_source == "given"
    assert first.digest == earlier.json()["sha256"]
    assert timeline.events[2].date_source == "added" and timeline.events[2].kind == "document"
    synthesis = timeline.synthesis
    assert synthesis.first is not None and synthesis.first.astimezone(UTC).date() == (
        datetime(2025, 3, 14, tzinfo=UTC).date()
    )
    assert synthesis.last == timeline.events[2].occurred_at
    assert synthesis.counts == {"document": 1, "image": 2}
    assert synthesis.platforms == ["snapchat"] and synthesis.authors == []


def test_an_alert_without_evidence_has_an_empty_timeline(submitted):
    timeline = timeline_for(submitted.alert)
    assert timeline.events == []
    assert timeline.synthesis.first is None and timeline.synthesis.total == 0
