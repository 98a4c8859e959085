"""A message typed while the mailbox was open too long is given back, never lost, and never in
a POST that the browser's history keeps: the send answers 303, and the login page after it reads
the text from a stash that only this browser's cookie can decrypt."""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from django.utils.html import escape

from relais.alerts.models import Message
from relais.mailbox.models import MailboxSession
from relais.public.stash import COOKIE as STASH

TEXT = "Hier soir il m'a encore écrit <des menaces>.\nJe n'ose plus y aller."


def end_session() -> None:
    MailboxSession.objects.update(expires_at=timezone.now() - timedelta(seconds=1))


def test_a_message_sent_after_the_timeout_comes_back_with_the_login_page(mailbox_client):
    end_session()
    response = mailbox_client.post("/my/send/", {"body": TEXT})
    assert response.status_code == 303
    assert response["Location"] == "/my/"
    html = mailbox_client.get("/my/").content.decode()
    assert 'id="mailbox-open-form"' in html
    assert 'id="pending-kept"' in html
    assert f'rows="6" autocomplete="off" readonly>{escape(TEXT)}</textarea>' in html
    # Shown to read or copy; not a field of the login form, so that its POST does not hold it.
    assert 'name="pending"' not in html
    assert Message.objects.count() == 0


def test_typing_the_receipt_again_sends_the_message(mailbox_client, submitted):
    end_session()
    mailbox_client.post("/my/send/", {"body": TEXT})
    response = mailbox_client.post("/my/open/", {"receipt": submitted.receipt})
    assert response.status_code == 303
    assert response["Location"] == "/my/#messages"
    assert list(Message.objects.values_list("author", "body")) == [("reporter", TEXT)]
    # Used once: the stash is gone, and the next page does not give it back again.
    assert response.cookies[STASH].value == ""
    assert escape(TEXT) not in mailbox_client.get("/my/").content.decode().split("messages")[0]


def test_a_wrong_receipt_keeps_the_message(mailbox_client, submitted):
    end_session()
    mailbox_client.post("/my/send/", {"body": TEXT})
    response = mailbox_client.post("/my/open/", {"receipt": "AAAA-AAAA-AAAA-AAAA-AAAA"})
    assert response.status_code == 400
    assert escape(TEXT) in response.content.decode()
    assert Message.objects.count() == 0


def test_the_text_is_only_readable_with_the_cookie(mailbox_client, client, submitted):
    end_session()
    mailbox_client.post("/my/send/", {"body": TEXT})
    # Another browser (no stash cookie) is not given it, and the server holds only ciphertext.
    assert escape(TEXT) not in client.get("/my/").content.decode()
    stored = [cache.get(key) for key in _stash_keys()]
    assert stored and all("menaces" not in str(value) for value in stored)


def test_the_quick_exit_forgets_the_text(mailbox_client, submitted):
    end_session()
    mailbox_client.post("/my/send/", {"body": TEXT})
    exit_response = mailbox_client.get("/my/exit/")
    assert exit_response.cookies[STASH].value == ""
    assert escape(TEXT) not in mailbox_client.get("/my/").content.decode()
    assert _stash_keys() == []


def test_a_message_too_long_comes_back_in_the_mailbox_to_shorten(mailbox_client, submitted):
    text = "x" * 20_001
    end_session()
    mailbox_client.post("/my/send/", {"body": text})
    response = mailbox_client.post("/my/open/", {"receipt": submitted.receipt})
    assert response.status_code == 303
    html = mailbox_client.get(response["Location"]).content.decode()
    assert 'id="message-form"' in html and text in html
    assert Message.objects.count() == 0


def _stash_keys() -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM relais_cache")
        return [row[0] for row in cursor.fetchall() if "keep:" in row[0]]
