"""The family corrects its evidence from the mailbox: sets or corrects an item's date (the first
one kept beside it) and withdraws a wrong upload (with a reason and a proof entry; the sealed
original kept; out of the timeline, the synthesis and the documents; still shown to staff as
withdrawn). Issue 9, point 8."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from relais.audit.models import AuditEvent
from relais.documents.services import generate_document
from relais.evidence.models import EvidenceItem
from relais.evidence.services import plaintext
from relais.mailbox.services import COOKIE, open_mailbox
from relais.proofs.models import ProofEntry
from relais.timeline.selectors import timeline_for
from tests.documents.conftest import add_item, jpeg, pdf_text
from tests.evidence.conftest import stored_files
from tests.factories import make_alert


@pytest.fixture
def item(submitted):
    return add_item(submitted.alert, jpeg(), "wrong.jpg", day=3, platform="instagram")


def _url(name: str, item: EvidenceItem) -> str:
    return reverse(f"public:{name}", args=[item.pk])


def test_the_files_list_leads_to_each_items_page(mailbox_client, item):
    page = mailbox_client.get(reverse("public:mailbox_files")).content.decode()
    assert _url("mailbox_item", item) in page
    page = mailbox_client.get(_url("mailbox_item", item)).content.decode()
    assert 'id="date-form"' in page and 'id="withdraw-form"' in page


def test_the_family_corrects_a_date_and_the_first_one_is_kept(mailbox_client, item):
    first = item.occurred_at
    response = mailbox_client.post(
        _url("mailbox_item_date", item), {"occurred_at": "2025-02-27T08:15"}
    )
    assert response.status_code == 303
    item.refresh_from_db()
    assert item.occurred_at == datetime(2025, 2, 27, 7, 15, tzinfo=UTC)  # 08:15 in Brussels
    assert item.original_occurred_at == first
    audit = AuditEvent.objects.get(action="evidence.occurred_at_corrected")
    assert audit.actor_kind == "reporter" and audit.object_id == str(item.pk)
    page = mailbox_client.get(_url("mailbox_item", item)).content.decode()
    assert 'id="item-original-date"' in page
    [entry] = timeline_for(item.alert).events
    assert entry.corrected and entry.original_occurred_at == first


def test_a_date_in_the_future_is_explained_and_changes_nothing(mailbox_client, item):
    first = item.occurred_at
    response = mailbox_client.post(_url("mailbox_item_date", item), {"occurred_at": "2999-01-01"})
    assert response.status_code == 422
    assert 'id="error-summary"' in response.content.decode()
    item.refresh_from_db()
    assert item.occurred_at == first
    assert not AuditEvent.objects.filter(action="evidence.occurred_at_corrected").exists()


def test_a_reason_is_needed_to_withdraw(mailbox_client, item):
    response = mailbox_client.post(_url("mailbox_item_withdraw", item), {"reason": " "})
    assert response.status_code == 422
    assert "Say in a few words why you take this file back." in response.content.decode()
    item.refresh_from_db()
    assert not item.withdrawn


def test_a_withdrawn_item_leaves_the_timeline_and_the_documents_but_stays_sealed(
    mailbox_client, item, submitted, alice_client, vault
):
    keep = add_item(submitted.alert, jpeg((200, 10, 10)), "right.jpg", day=4)
    response = mailbox_client.post(_url("mailbox_item_withdraw", item), {"reason": "wrong file"})
    assert response.status_code == 303
    item.refresh_from_db()
    assert item.withdrawn and item.withdrawal_reason == "wrong file"
    assert ProofEntry.objects.get(pk=item.withdrawal_proof_id).kind == "evidence.withdrawn"
    audit = AuditEvent.objects.get(action="evidence.withdrawn")
    assert audit.actor_kind == "reporter" and audit.object_id == str(item.pk)
    # The sealed original is kept, and still opens (opening it gives it its final name, which
    # the commit that this test never runs would have done).
    assert b"".join(plaintext(item))
    assert item.blob_name in stored_files(vault)
    # Out of the timeline and its synthesis.
    timeline = timeline_for(submitted.alert)
    assert [e.evidence_id for e in timeline.events] == [keep.pk]
    assert timeline.synthesis.platforms == [] and timeline.synthesis.total == 1
    # Out of the dossier.
    document = generate_document(
        alert=submitted.alert, kind="dossier", options={}, actor=None, actor_kind="reporter"
    )
    text = pdf_text(b"".join(plaintext(document)))
    assert keep.sha256[:16] in text.replace(" ", "")
    assert item.sha256[:16] not in text.replace(" ", "")
    # Staff still see it, marked withdrawn, with the reason.
    alert_page = alice_client.get(reverse("staff:alert", args=[submitted.alert.pk]))
    assert "withdrawn" in alert_page.content.decode()
    item_page = alice_client.get(reverse("evidence:item", args=[item.pk])).content.decode()
    assert 'id="withdrawn"' in item_page and "wrong file" in item_page
    # The family sees it taken back, without the forms.
    page = mailbox_client.get(_url("mailbox_item", item)).content.decode()
    assert 'id="item-withdrawn"' in page and 'id="withdraw-form"' not in page


def test_withdrawing_twice_writes_one_proof(mailbox_client, item):
    for _ in range(2):
        mailbox_client.post(_url("mailbox_item_withdraw", item), {"reason": "twice"})
    assert AuditEvent.objects.filter(action="evidence.withdrawn").count() == 1
    assert ProofEntry.objects.filter(kind="evidence.withdrawn").count() == 1


def test_the_family_cannot_change_a_file_the_staff_added(mailbox_client, submitted, alice):
    staff_item = add_item(submitted.alert, jpeg(), "staff.jpg", staff=alice)
    response = mailbox_client.post(_url("mailbox_item_withdraw", staff_item), {"reason": "no"})
    assert response.status_code == 409
    response = mailbox_client.post(
        _url("mailbox_item_date", staff_item), {"occurred_at": "2025-01-01"}
    )
    assert response.status_code == 409
    staff_item.refresh_from_db()
    assert not staff_item.withdrawn and staff_item.occurred_at == staff_item.original_occurred_at


def test_another_reporter_never_reaches_the_item(item, school):
    other = make_alert(school)
    token, _alert = open_mailbox(receipt=other.receipt)
    stranger = Client()
    stranger.cookies[COOKIE] = token
    assert stranger.get(_url("mailbox_item", item)).status_code == 404
    post = stranger.post(_url("mailbox_item_date", item), {"occurred_at": "2025-01-01"})
    assert post.status_code == 404
    post = stranger.post(_url("mailbox_item_withdraw", item), {"reason": "mine now"})
    assert post.status_code == 404
    item.refresh_from_db()
    assert not item.withdrawn and item.occurred_at == item.original_occurred_at


def test_without_a_mailbox_the_item_pages_ask_for_the_receipt(item):
    response = Client().get(_url("mailbox_item", item))
    assert response.status_code == 303
    assert Client().post(_url("mailbox_item_withdraw", item), {"reason": "x"}).status_code == 303
    item.refresh_from_db()
    assert not item.withdrawn
