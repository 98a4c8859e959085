"""The synthesis: first and last date, participants by frequency (not system lines) with the
family's roles, alleged authors only as the family marked them, networks, counts by kind;
filters by author, network and kind narrow both."""

from __future__ import annotations

from datetime import UTC, datetime

from relais.timeline.selectors import timeline_for
from relais.timeline.services import capture_link
from tests.evidence.conftest import png
from tests.timeline.helpers import export, immediate_tasks, upload

__all__ = ["immediate_tasks"]


def _fill(capture, token, alert):
    upload(capture, token, export("relais/whatsapp_ios_fr.zip"), "chat.zip")
    upload(capture, token, png(), "s.png", occurred_at="2024-03-20T12:00", platform="snapchat")
    capture_link(
        alert=alert,
        url="https://www.snapchat.com/add/someone",
        seen_at=datetime(2024, 3, 25, 18, tzinfo=UTC),
    )


def test_the_synthesis_sums_up_the_whole_timeline(
    immediate_tasks, mailbox_token, submitted, django_capture_on_commit_callbacks
):
    _fill(django_capture_on_commit_callbacks, mailbox_token, submitted.alert)

    timeline = timeline_for(submitted.alert)

    synthesis = timeline.synthesis
    assert synthesis.first == datetime(2024, 3, 12, 13, 5, tzinfo=UTC)  # 14:05 in Brussels
    assert synthesis.last == datetime(2024, 3, 25, 18, tzinfo=UTC)
    assert synthesis.authors == []  # nobody is an alleged author until the family says
    assert [(p.handle, p.count) for p in synthesis.participants] == [("Léa", 4), ("Tom", 1)]
    assert synthesis.platforms == ["whatsapp", "snapchat"]
    assert synthesis.counts == {
        "attachment": 2,
        "deleted": 1,
        "image": 1,
        "link": 1,
        "message": 2,
        "system": 2,
    }
    assert synthesis.total == len(timeline.events) == 9
    assert [e.kind for e in timeline.events][-2:] == ["image", "link"]


def test_filters_narrow_the_events_and_their_synthesis(
    immediate_tasks, mailbox_token, submitted, django_capture_on_commit_callbacks
):
    _fill(django_capture_on_commit_callbacks, mailbox_token, submitted.alert)
    alert = submitted.alert

    by_tom = timeline_for(alert, author="tom")
    assert [e.text for e in by_tom.events] == ["Supprime ça.\nMaintenant."]
    assert [p.handle for p in by_tom.synthesis.participants] == ["Tom"]
    assert by_tom.synthesis.total == 1

    on_snapchat = timeline_for(alert, platform="snapchat")
    assert [e.kind for e in on_snapchat.events] == ["image", "link"]
    assert on_snapchat.synthesis.first == datetime(2024, 3, 20, 11, tzinfo=UTC)

    messages = timeline_for(alert, kind="message", author="Léa")
    assert [e.text for e in messages.events] == ["Tu vas regretter d'être venue au collège demain"]
    assert timeline_for(alert, kind="video").events == []


def test_system_lines_are_no_participants_and_only_marked_authors_are_authors(submitted):
    from relais.timeline.selectors import TimelineEntry, synthesis_of

    def entry(author, kind="message"):
        return TimelineEntry(None, None, author, "x", "sms", kind, None, "0" * 64)

    entries = [entry("Me"), entry("Me"), entry("Contact A"), entry("Groupe", "system"), entry("B")]
    synthesis = synthesis_of(entries, {"Me": "victim", "B": "alleged_author"})
    assert [(p.handle, p.role) for p in synthesis.participants] == [
        ("Me", "victim"),
        ("B", "alleged_author"),
        ("Contact A", ""),
    ]
    assert synthesis.authors == ["B"]
    assert synthesis.first is None and synthesis.total == 5
