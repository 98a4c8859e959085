"""Rows written before the split name the timeline's models "evidence.<model>": audit rows, and
the signed payload of a date correction, whose opening is checked later against its bytes. The
models kept those names when they moved to the timeline app (issue 11, point 3), so one object
keeps one name and no signed byte changes."""

from __future__ import annotations

from datetime import UTC, datetime

from relais.audit.admin import object_label
from relais.audit.models import AuditEvent
from relais.proofs.formats import event_digest, format_time
from relais.proofs.models import ProofEntry
from relais.timeline.models import Participant, TimelineEvent
from relais.timeline.services import capture_link, correct_occurred_at

SEEN = datetime(2025, 2, 1, 20, 0, tzinfo=UTC)
CORRECTED = datetime(2025, 2, 2, 20, 0, tzinfo=UTC)


def test_a_corrected_date_signs_the_name_the_model_had(alice, submitted):
    link = capture_link(
        alert=submitted.alert, url="https://www.tiktok.com/@x/video/1", seen_at=SEEN
    )

    correct_occurred_at(target=link, occurred_at=CORRECTED, actor=alice)

    entry = ProofEntry.objects.get(kind="evidence.occurred_at_corrected")
    payload = {
        "alert": str(submitted.alert.pk),
        "target": "evidence.linkcapture",
        "id": str(link.pk),
        "before": format_time(SEEN),
        "after": format_time(CORRECTED),
        "original": format_time(SEEN),
    }
    assert entry.digest == event_digest(bytes(entry.salt), payload)


def test_audit_rows_name_the_models_as_before_and_read_in_words(alice, submitted):
    link = capture_link(
        alert=submitted.alert, url="https://www.tiktok.com/@x/video/1", seen_at=SEEN
    )

    found = AuditEvent.objects.get(action="evidence.link_captured")

    assert found.object_type == "evidence.linkcapture" == link.stored_label
    assert object_label(found.object_type) == "captured link"
    assert TimelineEvent.stored_label == "evidence.timelineevent"
    assert Participant.stored_label == "evidence.participant"
