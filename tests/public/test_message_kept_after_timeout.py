"""A message typed while the mailbox was open too long is given back, never lost or stored."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.html import escape

from relais.alerts.models import Message
from relais.mailbox.models import MailboxSession

TEXT = "Hier soir il m'a encore écrit <des menaces>.\nJe n'ose plus y aller."


def end_session() -> None:
    MailboxSession.objects.update(expires_at=timezone.now() - timedelta(seconds=1))


def test_a_message_sent_after_the_timeout_comes_back_with_the_login_page(mailbox_client):
    end_session()
    response = mailbox_client.post("/my/send/", {"body": TEXT})
    html = response.content.decode()
    assert response.status_code == 401
    assert 'id="mailbox-open-form"' in html
    assert 'id="pending-kept"' in html
    assert f'name="pending" rows="6" autocomplete="off">{escape(TEXT)}</textarea>' in html
    assert Message.objects.count() == 0


def test_typing_the_receipt_again_sends_the_message(mailbox_client, submitted):
    end_session()
    mailbox_client.post("/my/send/", {"body": TEXT})
    response = mailbox_client.post("/my/open/", {"receipt": submitted.receipt, "pending": TEXT})
    assert response.status_code == 303
    assert response["Location"] == "/my/#messages"
    assert list(Message.objects.values_list("author", "body")) == [("reporter", TEXT)]


def test_a_wrong_receipt_keeps_the_message(client, submitted):
    response = client.post("/my/open/", {"receipt": "AAAA-AAAA-AAAA-AAAA-AAAA", "pending": TEXT})
    assert response.status_code == 400
    assert escape(TEXT) in response.content.decode()
    assert Message.objects.count() == 0


def test_a_message_too_long_comes_back_in_the_mailbox_to_shorten(client, submitted, settings):
    text = "x" * 20_001
    response = client.post("/my/open/", {"receipt": submitted.receipt, "pending": text})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="message-form"' in html and text in html
    assert Message.objects.count() == 0
