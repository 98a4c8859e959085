"""The reporter's timeline page: their own entries in order with the synthesis, no file content
or thumbnail; another mailbox sees none of it; without a mailbox, back to the receipt form."""

from __future__ import annotations

from django.test import Client

from relais.mailbox.services import COOKIE, open_mailbox
from tests.factories import make_alert
from tests.timeline.helpers import export, immediate_tasks, upload

__all__ = ["immediate_tasks"]


def test_the_mailbox_lists_its_own_timeline_in_order(
    immediate_tasks, mailbox_client, mailbox_token, django_capture_on_commit_callbacks
):
    content = export("relais/whatsapp_ios_fr.zip")
    upload(django_capture_on_commit_callbacks, mailbox_token, content, "chat.zip")

    page = mailbox_client.get("/my/days/all/").content.decode()

    assert page.index("Léa a ajouté Tom") < page.index("Supprime ça.") < page.index("regretter")
    # The synthesis names participants, not authors, until the family says who is who.
    assert "Léa (not said yet), Tom (not said yet)" in page
    assert "<img" not in page
    mailbox = mailbox_client.get("/my/days/").content.decode()
    assert 'href="/my/days/all/"' in mailbox and "Léa (not said yet)" in mailbox


def test_another_mailbox_sees_nothing_of_it(
    immediate_tasks, mailbox_token, submitted, school, django_capture_on_commit_callbacks
):
    content = export("relais/whatsapp_ios_fr.zip")
    upload(django_capture_on_commit_callbacks, mailbox_token, content, "chat.zip")
    other = make_alert(school)
    token, _alert = open_mailbox(receipt=other.receipt)
    client = Client()
    client.cookies[COOKIE] = token

    page = client.get("/my/days/all/").content.decode()

    assert "Supprime ça." not in page and "Léa" not in page


def test_without_a_mailbox_the_page_sends_back_to_the_receipt_form(client, db):
    response = client.get("/my/days/all/")
    assert response.status_code == 303 and response["Location"] == "/my/"
