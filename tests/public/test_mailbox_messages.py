from __future__ import annotations

from django.test import Client

from relais.alerts.models import Message
from relais.alerts.services import move_alert, post_staff_message
from relais.alerts.workflow import Status


def test_the_mailbox_shows_the_status_in_plain_words(mailbox_client):
    html = mailbox_client.get("/my/").content.decode()
    assert "Your alert has arrived. Someone from our team will read it soon." in html


def test_the_first_page_links_to_the_description_without_showing_it(mailbox_client, submitted):
    html = mailbox_client.get("/my/").content.decode()
    assert 'href="/my/words/"' in html
    assert submitted.alert.description not in html


def test_the_reporter_reads_a_staff_reply(mailbox_client, submitted, alice):
    post_staff_message(alert=submitted.alert, actor=alice, body="Merci. Dans quelle classe ?")
    html = mailbox_client.get("/my/").content.decode()
    assert "Merci. Dans quelle classe ?" in html
    assert "Relais team" in html
    assert "alice" not in html


def test_the_reporter_writes_a_message(mailbox_client, submitted):
    response = mailbox_client.post("/my/send/", {"body": "C'est en 1re B."})
    assert response.status_code == 303
    assert response["Location"] == "/my/#messages"
    message = Message.objects.get()
    assert (message.alert, message.author, message.body) == (
        submitted.alert,
        Message.Author.REPORTER,
        "C'est en 1re B.",
    )
    assert "C&#x27;est en 1re B." in mailbox_client.get("/my/").content.decode()


def test_an_empty_message_is_refused(mailbox_client):
    response = mailbox_client.post("/my/send/", {"body": "  "}, follow=True)
    assert response.redirect_chain == [("/my/#message-form", 303)]
    assert "Write a message first." in response.content.decode()
    assert Message.objects.count() == 0


def test_a_message_with_html_and_script_is_shown_escaped(mailbox_client):
    mailbox_client.post("/my/send/", {"body": "<script>alert(1)</script>"})
    html = mailbox_client.get("/my/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_message_too_long_is_refused(mailbox_client):
    response = mailbox_client.post("/my/send/", {"body": "m" * 10_001}, follow=True)
    assert response.redirect_chain == [("/my/#message-form", 303)]
    assert "(it has 10001)" in response.content.decode()
    assert Message.objects.count() == 0


def test_a_refusal_shows_its_reason(mailbox_client, submitted, alice):
    move_alert(alert=submitted.alert, to=Status.REFUSED, actor=alice, reason="Hors de notre champ.")
    html = mailbox_client.get("/my/").content.decode()
    assert "We could not follow up on this alert." in html
    assert "Hors de notre champ." in html


def test_without_a_mailbox_nobody_can_post_a_message(submitted, db):
    response = Client().post("/my/send/", {"body": "intrusion"})
    assert response.status_code == 303
    assert Message.objects.count() == 0
