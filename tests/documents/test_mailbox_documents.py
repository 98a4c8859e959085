"""The reporter makes the dossier and letters from the mailbox, without JavaScript."""

from __future__ import annotations

import re

from django.urls import NoReverseMatch, reverse

from relais.audit.models import AuditEvent
from relais.documents.forms import DocumentForm
from relais.documents.models import LETTER_KINDS, GeneratedDocument
from relais.documents.services import generate_document
from relais.evidence.services import plaintext
from tests.documents.conftest import pdf_text


def make(kind: str) -> str:
    return reverse("public:document_make", args=[kind])


def documents_page(client) -> str:
    """The mailbox page that includes public/_mailbox_papers.html (the parents' page, once the
    mailbox is split into pages)."""
    for name in ("public:mailbox_parents", "public:mailbox"):
        try:
            page = client.get(reverse(name)).content.decode()
        except NoReverseMatch:
            continue
        if 'id="documents"' in page:
            return page
    raise AssertionError("no mailbox page shows the documents")


def test_the_mailbox_shows_the_documents_section(mailbox_client):
    page = documents_page(mailbox_client)
    assert f'action="{make("dossier")}"' in page
    assert f'href="{make("registered_letter")}"' in page
    assert f'action="{make("law_reminder")}"' in page
    assert 'name="account"' in page  # the family's account, to edit for the dossier


def test_the_reporter_makes_the_dossier_with_the_originals(mailbox_client, submitted, items):
    response = mailbox_client.post(
        make("dossier"), {"embed_originals": "on", "victim_name": "Camille"}
    )
    assert response.status_code == 303
    assert response["Location"].endswith("#documents")
    document = GeneratedDocument.objects.get(alert=submitted.alert)
    assert document.kind == "dossier" and document.made_by == "reporter"
    assert document.options == {"embed_originals": True, "items": 3}
    assert "Camille" in pdf_text(b"".join(plaintext(document)))
    # What was typed is in the sealed PDF only, never in the row or the audit log.
    assert "Camille" not in str(document.options)
    assert "Camille" not in str(AuditEvent.objects.filter(object_id=str(document.pk)).values())
    page = documents_page(mailbox_client)
    assert reverse("public:document_download", args=[document.pk]) in page
    assert reverse("public:document_receipt", args=[document.pk]) in page


def test_a_letter_form_shows_only_its_fields(mailbox_client):
    page = mailbox_client.get(make("meeting_report")).content.decode()
    assert 'name="meeting_date"' in page and 'name="attendees"' in page
    assert 'name="embed_originals"' not in page
    assert "Camille" not in page


def test_a_bad_field_is_explained_and_nothing_is_made(mailbox_client, submitted):
    response = mailbox_client.post(
        make("registered_letter"),
        {"family_name": "x" * 500, "meeting_date": "not a date"},
    )
    assert response.status_code == 400
    assert 'id="error-summary"' in response.content.decode()
    assert not GeneratedDocument.objects.exists()


def test_an_unknown_kind_is_404(mailbox_client):
    url = make("dossier").replace("/1/", "/ransom_note/").replace("/dossier/", "/ransom_note/")
    assert mailbox_client.get(url).status_code == 404


def test_the_reporter_downloads_their_letter(mailbox_client, submitted):
    document = generate_document(
        alert=submitted.alert, kind="parents_leaflet", options={}, actor=None, actor_kind="reporter"
    )
    response = mailbox_client.get(reverse("public:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(
        action="document.downloaded", actor_kind="reporter", object_id=str(document.pk)
    ).exists()


def test_no_document_field_is_remembered_by_the_browser(mailbox_client):
    """A shared phone's autofill must not offer the family's name, the child's name or the
    place to the next person: every field that takes text says autocomplete="off"."""
    for kind in ("dossier", *LETTER_KINDS):  # the forms themselves, staff pages included
        for field in DocumentForm(kind=kind):
            if field.widget_type != "checkbox":
                assert 'autocomplete="off"' in str(field), (kind, field.name)
    pages = [documents_page(mailbox_client)]
    pages += [mailbox_client.get(make(kind)).content.decode() for kind in LETTER_KINDS]
    for page in pages:
        for tag in re.findall(r"<(?:input|textarea)\b[^>]*>", page):
            if re.search(r'type="(hidden|checkbox|submit)"', tag):
                continue
            assert 'autocomplete="off"' in tag, tag
