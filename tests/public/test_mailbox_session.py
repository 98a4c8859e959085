from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from relais.alerts.models import Message
from relais.mailbox.models import MailboxSession
from relais.mailbox.services import COOKIE, alert_for_token


def test_logging_out_ends_the_session_and_the_old_cookie_no_longer_works(mailbox_client):
    token = mailbox_client.cookies[COOKIE].value
    response = mailbox_client.post("/my/close/")
    assert response.status_code == 200
    assert 'id="logged-out"' in response.content.decode()
    assert response.cookies[COOKIE].value == ""
    assert MailboxSession.objects.count() == 0
    mailbox_client.cookies[COOKIE] = token
    html = mailbox_client.get("/my/").content.decode()
    assert 'id="mailbox-open-form"' in html
    assert 'id="message-form"' not in html


def test_an_idle_session_expires(mailbox_client):
    MailboxSession.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = mailbox_client.get("/my/")
    html = response.content.decode()
    assert 'id="session-ended"' in html
    assert 'id="message-form"' not in html
    assert response.cookies[COOKIE].value == ""


def test_an_expired_session_cannot_post(mailbox_client):
    MailboxSession.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = mailbox_client.post("/my/send/", {"body": "trop tard"}, follow=True)
    assert response.redirect_chain == [("/my/", 303)]
    assert 'id="session-ended"' in response.content.decode()
    assert Message.objects.count() == 0


def test_using_the_mailbox_keeps_the_session_alive(mailbox_client, settings):
    soon = timezone.now() + timedelta(seconds=settings.MAILBOX_IDLE_SECONDS // 2)
    MailboxSession.objects.update(expires_at=soon)
    mailbox_client.get("/my/")
    assert MailboxSession.objects.get().expires_at > soon


def test_a_made_up_cookie_shows_the_receipt_form(client, submitted):
    client.cookies[COOKIE] = "x" * 43
    html = client.get("/my/").content.decode()
    assert 'id="mailbox-open-form"' in html
    assert 'id="session-ended"' in html


def test_opening_another_mailbox_closes_the_previous_session(mailbox_client, submitted):
    first = mailbox_client.cookies[COOKIE].value
    mailbox_client.post("/my/open/", {"receipt": submitted.receipt})
    assert alert_for_token(first) is None
    assert MailboxSession.objects.count() == 1
