"""A letter is written by someone to someone: the authority letter and the registered letter
are not made until the sender's name and role (and the authority letter's recipient) are given,
and then say who writes, never as if the school's authority wrote them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from relais.documents.forms import DocumentForm
from relais.documents.models import GeneratedDocument
from relais.documents.services import generate_document
from relais.evidence.services import plaintext
from tests.documents.conftest import pdf_text

SENDER = {
    "family_name": "Sophie Lambert",
    "sender_role": "mère de l'élève",
    "recipient": "Pouvoir organisateur des écoles libres de Mouscron\nrue de Tournai 5, Mouscron",
}


def test_the_form_refuses_an_authority_letter_without_sender_and_recipient(db):
    form = DocumentForm({}, kind="authority_letter")
    assert not form.is_valid()
    assert set(form.errors) >= {"family_name", "sender_role", "recipient"}


def test_the_form_refuses_a_registered_letter_without_a_sender(db):
    form = DocumentForm({}, kind="registered_letter")
    assert not form.is_valid()
    assert set(form.errors) >= {"family_name", "sender_role"}


def test_the_mailbox_makes_nothing_and_says_what_is_missing(mailbox_client, submitted):
    url = reverse("public:document_make", args=["authority_letter"])
    response = mailbox_client.post(url, {}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert "La lettre ne peut pas être rédigée sans cette information." in response.content.decode()
    assert not GeneratedDocument.objects.filter(alert=submitted.alert).exists()


def test_the_service_refuses_a_letter_without_its_sender(submitted):
    with pytest.raises(ValueError, match="family_name"):
        generate_document(
            alert=submitted.alert,
            kind="authority_letter",
            options={},
            actor=None,
            actor_kind="reporter",
        )
    assert not GeneratedDocument.objects.filter(alert=submitted.alert).exists()


def test_the_belgian_authority_letter_is_written_by_the_family(submitted):
    document = generate_document(
        alert=submitted.alert,
        kind="authority_letter",
        options=SENDER,
        actor=None,
        actor_kind="reporter",
    )
    text = pdf_text(b"".join(plaintext(document)))
    assert "En tant que pouvoir organisateur" not in text
    assert "Sophie Lambert" in text
    assert "mère de l'élève" in text
    assert "Pouvoir organisateur des écoles libres de Mouscron" in text
