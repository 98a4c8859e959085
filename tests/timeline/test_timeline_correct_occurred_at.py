"""Correcting when something happened keeps the value first given and is audited, for a file,
a chat message and a captured link; the timeline shows the new order and the original."""

from __future__ import annotations

from datetime import UTC, datetime

from relais.audit.models import AuditEvent
from relais.evidence.models import EvidenceItem
from relais.timeline.models import TimelineEvent
from relais.timeline.selectors import timeline_for
from relais.timeline.services import capture_link, correct_occurred_at
from tests.evidence.conftest import png
from tests.timeline.helpers import export, immediate_tasks, upload

__all__ = ["immediate_tasks"]


def _file(capture, token, **fields):
    return EvidenceItem.objects.get(pk=upload(capture, token, png(), "a.png", **fields)["id"])


def test_the_first_date_is_kept_through_two_corrections(
    alice, mailbox_token, submitted, django_capture_on_commit_callbacks
):
    item = _file(django_capture_on_commit_callbacks, mailbox_token, occurred_at="2025-03-14T16:20")
    first = item.occurred_at

    correct_occurred_at(target=item, occurred_at=datetime(2025, 3, 10, 8, tzinfo=UTC), actor=alice)
    correct_occurred_at(target=item, occurred_at=datetime(2025, 3, 11, 9, tzinfo=UTC), actor=alice)

    item.refresh_from_db()
    assert item.original_occurred_at == first
    assert item.occurred_at == datetime(2025, 3, 11, 9, tzinfo=UTC)
    audits = AuditEvent.objects.filter(action="evidence.occurred_at_corrected").order_by("at", "id")
    assert [a.details["after"] for a in audits] == [
        "2025-03-10T08:00:00.000Z",
        "2025-03-11T09:00:00.000Z",
    ]
    assert audits[0].actor == alice and audits[1].details["before"] == "2025-03-10T08:00:00.000Z"
    entry = timeline_for(submitted.alert).events[0]
    assert entry.corrected and entry.original_occurred_at == first


def test_a_file_sent_without_a_date_keeps_the_first_date_given_later(
    alice, mailbox_token, submitted, django_capture_on_commit_callbacks
):
    item = _file(django_capture_on_commit_callbacks, mailbox_token)
    correct_occurred_at(target=item, occurred_at=datetime(2025, 1, 5, tzinfo=UTC), actor=alice)
    correct_occurred_at(target=item, occurred_at=datetime(2025, 1, 6, tzinfo=UTC), actor=alice)

    item.refresh_from_db()
    assert item.original_occurred_at == datetime(2025, 1, 5, tzinfo=UTC)
    entry = timeline_for(submitted.alert).events[0]
    assert entry.corrected and entry.date_source == "given"


def test_a_chat_message_can_be_moved_and_the_timeline_reorders(
    immediate_tasks, alice_client, mailbox_token, submitted, django_capture_on_commit_callbacks
):
    upload(
        django_capture_on_commit_callbacks,
        mailbox_token,
        export("relais/whatsapp_ios_fr.zip"),
        "c.zip",
    )
    last = TimelineEvent.objects.order_by("-position").first()
    exported = last.occurred_at

    response = alice_client.post(
        f"/staff/evidence/alerts/{submitted.alert.pk}/timeline/correct/",
        {"target": "event", "target_id": last.pk, "occurred_at": "2024-01-01T09:00"},
    )

    assert response.status_code == 302
    last.refresh_from_db()
    assert last.original_occurred_at == exported and last.occurred_at.year == 2024
    first = timeline_for(submitted.alert).events[0]
    assert first.source_id == last.pk and first.corrected
    audit = AuditEvent.objects.get(action="evidence.occurred_at_corrected")
    assert audit.object_type == "evidence.timelineevent" and audit.actor.username == "alice"
    page = alice_client.get(f"/staff/evidence/alerts/{submitted.alert.pk}/timeline/")
    assert 'class="original"' in page.content.decode()


def test_a_link_date_can_be_corrected(alice, submitted):
    link = capture_link(
        alert=submitted.alert,
        url="https://www.tiktok.com/@x/video/1",
        seen_at=datetime(2025, 2, 1, tzinfo=UTC),
    )
    correct_occurred_at(target=link, occurred_at=datetime(2025, 2, 2, tzinfo=UTC), actor=alice)
    link.refresh_from_db()
    assert link.original_seen_at == datetime(2025, 2, 1, tzinfo=UTC)
    assert link.seen_at == datetime(2025, 2, 2, tzinfo=UTC)


def test_a_date_in_the_future_or_unreadable_changes_nothing(
    alice_client, mailbox_token, submitted, django_capture_on_commit_callbacks
):
    item = _file(django_capture_on_commit_callbacks, mailbox_token, occurred_at="2025-03-14T16:20")
    url = f"/staff/evidence/alerts/{submitted.alert.pk}/timeline/correct/"
    for value in ("2999-01-01T10:00", "hier"):
        response = alice_client.post(
            url, {"target": "item", "target_id": item.pk, "occurred_at": value}
        )
        assert response.status_code == 422
    item.refresh_from_db()
    assert item.occurred_at == item.original_occurred_at
    assert not AuditEvent.objects.filter(action="evidence.occurred_at_corrected").exists()
