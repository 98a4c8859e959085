"""alice makes and downloads documents of her organisation's alerts; bob (another organisation)
gets 404, charlie (no role) 403; a mailbox reaches only its own alert's documents."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from relais.audit.models import AuditEvent
from relais.documents.models import GeneratedDocument
from relais.documents.services import generate_document
from relais.mailbox.services import COOKIE, open_mailbox
from tests.factories import make_alert


@pytest.fixture
def document(submitted, items):
    return generate_document(
        alert=submitted.alert, kind="law_reminder", options={}, actor=None, actor_kind="reporter"
    )


def make_url(alert, kind="registered_letter") -> str:
    return f"/staff/documents/alerts/{alert.pk}/{kind}/"


def test_alice_makes_a_letter_for_her_alert(alice_client, alice, submitted, items):
    response = alice_client.post(
        make_url(submitted.alert), {"family_name": "Famille Martin", "sender_role": "parents"}
    )
    assert response.status_code == 303
    assert response["Location"].endswith(f"/staff/alerts/{submitted.alert.pk}/#documents")
    document = GeneratedDocument.objects.get(alert=submitted.alert)
    assert document.made_by == "staff" and document.staff_user == alice
    assert AuditEvent.objects.filter(action="document.generated", actor=alice).exists()


def test_alice_downloads_and_the_download_is_audited(alice_client, alice, document):
    response = alice_client.get(f"/staff/documents/{document.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Disposition"] == 'attachment; filename="document-' + (
        f'{timezone.localdate(document.created_at):%Y-%m-%d}-1.pdf"'
    )
    assert AuditEvent.objects.filter(
        action="document.downloaded", actor=alice, object_id=str(document.pk)
    ).exists()


def test_alice_gets_the_documents_receipt(alice_client, document):
    response = alice_client.get(f"/staff/documents/{document.pk}/receipt/")
    assert response.status_code == 200
    assert response.json()["entry"]["kind"] == "document.generated"


def test_bob_gets_404_for_alices_alert_and_document(bob_client, submitted, document):
    assert bob_client.get(make_url(submitted.alert)).status_code == 404
    assert bob_client.post(make_url(submitted.alert), {}).status_code == 404
    assert bob_client.get(f"/staff/documents/{document.pk}/pdf/").status_code == 404
    assert bob_client.get(f"/staff/documents/{document.pk}/receipt/").status_code == 404
    assert GeneratedDocument.objects.count() == 1


def test_charlie_gets_403(charlie_client, submitted, document):
    assert charlie_client.get(make_url(submitted.alert)).status_code == 403
    assert charlie_client.post(make_url(submitted.alert), {}).status_code == 403
    assert charlie_client.get(f"/staff/documents/{document.pk}/pdf/").status_code == 403


def test_a_stranger_is_sent_to_sign_in(client, document):
    response = client.get(f"/staff/documents/{document.pk}/pdf/")
    assert response.status_code == 302
    assert "/staff/login/" in response["Location"]


def pdf_url(document) -> str:
    return reverse("public:document_download", args=[document.pk])


def test_a_mailbox_sees_only_its_own_documents(mailbox_client, document, school):
    other = make_alert(school)
    theirs = generate_document(
        alert=other.alert, kind="law_reminder", options={}, actor=None, actor_kind="reporter"
    )
    assert mailbox_client.get(pdf_url(document)).status_code == 200
    assert mailbox_client.get(pdf_url(theirs)).status_code == 404
    assert (
        mailbox_client.get(reverse("public:document_receipt", args=[theirs.pk])).status_code == 404
    )
    token, _alert = open_mailbox(receipt=other.receipt)
    other_client = Client()
    other_client.cookies[COOKIE] = token
    assert other_client.get(pdf_url(document)).status_code == 404
    assert other_client.get(pdf_url(theirs)).status_code == 200


def test_without_a_mailbox_session_nothing_is_made_or_given(client, document, submitted):
    assert client.post(reverse("public:document_make", args=["dossier"]), {}).status_code == 303
    assert client.get(pdf_url(document)).status_code == 303
    assert GeneratedDocument.objects.count() == 1
