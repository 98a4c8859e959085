"""A screenshot sent without a date: the family dates it, then corrects that date. The first date
the family gave stays shown beside the new one, every date change is a proof entry that the
proof details page lists, and until the family dates it the screenshot says that its time is
the time it was sent, not the time of the facts. Issue 9, point 8 (a tester's report)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import translation

from relais.audit.models import AuditEvent
from relais.evidence.intake import Intake
from relais.evidence.services import seal_evidence
from relais.proofs.kinds import kind_label
from relais.proofs.models import ProofEntry
from relais.proofs.receipts import entries_for_alert
from relais.timeline.services import CORRECTED, correct_occurred_at
from tests.documents.conftest import jpeg

FIRST = datetime(2025, 11, 3, 21, 50, tzinfo=UTC)  # 03/11 22:50 in Brussels
SECOND = datetime(2025, 11, 3, 21, 45, tzinfo=UTC)  # 22:45


@pytest.fixture
def undated(submitted):
    """capture-3.jpg, sent from the mailbox with no date, as a family sends a screenshot."""
    intake = Intake(max_bytes=10**9)
    intake.feed(jpeg())
    return seal_evidence(alert=submitted.alert, blob=intake.finish(display_name="capture-3.jpg"))


def _item_url(item):
    return reverse("public:mailbox_item", args=[item.pk])


def _set(client, item, value: str) -> None:
    url = reverse("public:mailbox_item_date", args=[item.pk])
    response = client.post(url, {"occurred_at": value})
    assert response.status_code == 303


def test_the_first_date_the_family_gave_stays_shown_after_a_correction(mailbox_client, undated):
    _set(mailbox_client, undated, "2025-11-03T22:50")
    undated.refresh_from_db()
    assert undated.occurred_at == FIRST and undated.original_occurred_at == FIRST
    # Giving a date to a file that had none is not a correction yet.
    page = mailbox_client.get(_item_url(undated)).content.decode()
    assert 'id="item-original-date"' not in page

    _set(mailbox_client, undated, "2025-11-03T22:45")
    undated.refresh_from_db()
    assert undated.occurred_at == SECOND and undated.original_occurred_at == FIRST
    page = mailbox_client.get(_item_url(undated) + "?saved=1").content.decode()
    original = page.split('id="item-original-date"')[1].split("</dd>")[0]
    assert 'datetime="2025-11-03T22:50:00+01:00"' in original


def test_every_date_change_is_a_proof_entry_listed_in_the_proof_details(
    mailbox_client, undated, submitted
):
    _set(mailbox_client, undated, "2025-11-03T22:50")
    _set(mailbox_client, undated, "2025-11-03T22:45")

    entries = ProofEntry.objects.filter(kind=CORRECTED)
    assert entries.count() == 2
    assert all(entry in entries_for_alert(submitted.alert) for entry in entries)
    # Each audit row names its proof entry: written together.
    audits = AuditEvent.objects.filter(action=CORRECTED, object_id=str(undated.pk))
    assert sorted(a.details["proof"] for a in audits) == sorted(e.pk for e in entries)
    # The log holds a digest, never the dates themselves.
    for entry in entries:
        assert len(entry.digest) == 64 and "2025" not in entry.digest

    page = mailbox_client.get(reverse("public:mailbox_details")).content.decode()
    assert CORRECTED not in page
    with translation.override("en"):
        label = str(kind_label(CORRECTED))
    assert page.count(label[:1].upper() + label[1:]) == 2


def test_a_staff_correction_is_a_proof_entry_too(alice, undated, submitted):
    correct_occurred_at(target=undated, occurred_at=FIRST, actor=alice)
    [entry] = ProofEntry.objects.filter(kind=CORRECTED)
    assert entry in entries_for_alert(submitted.alert)


def test_an_undated_screenshot_says_its_time_is_the_time_it_was_sent(mailbox_client, undated):
    timeline = mailbox_client.get(reverse("public:mailbox_timeline")).content.decode()
    assert 'class="date-sent"' in timeline
    item_page = mailbox_client.get(_item_url(undated)).content.decode()
    assert 'id="item-date-sent"' in item_page

    _set(mailbox_client, undated, "2025-11-03T22:50")
    timeline = mailbox_client.get(reverse("public:mailbox_timeline")).content.decode()
    assert 'class="date-sent"' not in timeline
    item_page = mailbox_client.get(_item_url(undated)).content.decode()
    assert 'id="item-date-sent"' not in item_page


def test_the_summary_says_when_its_dates_include_times_of_sending(mailbox_client, undated):
    # The mailbox's "Dates" page sums the timeline up: its first and last date here are the
    # screenshot's upload time, and the summary must say so.
    page = mailbox_client.get(reverse("public:mailbox_days")).content.decode()
    assert 'id="synthesis-sent"' in page

    _set(mailbox_client, undated, "2025-11-03T22:50")
    page = mailbox_client.get(reverse("public:mailbox_days")).content.decode()
    assert 'id="synthesis-sent"' not in page


def test_the_same_date_sent_twice_writes_one_proof(mailbox_client, undated):
    for _ in range(2):
        _set(mailbox_client, undated, "2025-11-03T22:50")
    assert ProofEntry.objects.filter(kind=CORRECTED).count() == 1
    assert AuditEvent.objects.filter(action=CORRECTED).count() == 1
