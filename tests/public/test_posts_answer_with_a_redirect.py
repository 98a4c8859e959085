"""Every reporter POST in the mailbox answers 303: a history entry then holds a GET, never a
body with what the child typed, so that Back and Reload after the quick exit cannot show it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from relais.mailbox.models import MailboxSession

WORDS = "Kevin me suit jusqu'au bus"


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/my/send/", {"body": WORDS}),
        ("/my/send/", {"body": ""}),
        ("/my/send/", {"body": WORDS + "x" * 10_001}),
        ("/my/choices/", {"escalation": "on"}),
        ("/my/choices/", {"reveal_identity": "on", "name": WORDS}),
    ],
    ids=["message", "empty message", "message too long", "choices", "choices to fix"],
)
def test_a_mailbox_post_answers_303_and_echoes_nothing(mailbox_client, path, data):
    response = mailbox_client.post(path, data)
    assert response.status_code == 303
    assert WORDS not in response.content.decode()


@pytest.mark.parametrize("session", ["ended", "none"])
def test_a_message_sent_without_a_session_answers_303(mailbox_client, client, session):
    if session == "ended":
        MailboxSession.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    poster = mailbox_client if session == "ended" else client
    response = poster.post("/my/send/", {"body": WORDS})
    assert response.status_code == 303
    assert WORDS not in response.content.decode()


def test_the_relogin_that_sends_a_pending_message_answers_303(mailbox_client, submitted):
    MailboxSession.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    mailbox_client.post("/my/send/", {"body": WORDS})
    response = mailbox_client.post("/my/open/", {"receipt": submitted.receipt})
    assert response.status_code == 303
    assert WORDS not in response.content.decode()
    # The entry the browser keeps is the GET after it; after the quick exit it shows nothing.
    mailbox_client.get("/my/exit/")
    assert "Kevin" not in mailbox_client.get(response["Location"]).content.decode()


def test_a_refused_relogin_gives_the_text_back_without_it_in_the_post(mailbox_client):
    MailboxSession.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    mailbox_client.post("/my/send/", {"body": WORDS})
    response = mailbox_client.post("/my/open/", {"receipt": "AAAA"})
    assert response.status_code == 400
    assert "Kevin" in response.content.decode()
    # After the quick exit the same POST (Back, Reload) finds nothing to give back.
    mailbox_client.get("/my/exit/")
    again = mailbox_client.post("/my/open/", {"receipt": "AAAA"})
    assert "Kevin" not in again.content.decode()


def test_the_school_search_answers_303_and_the_quick_exit_forgets_the_form(client, school):
    typed = {"description": WORDS, "class_grade": "5e B"}
    response = client.post("/form/", {**typed, "q": "st henri", "action": "search"})
    assert response.status_code == 303
    assert WORDS not in response.content.decode()
    page = client.get(response["Location"]).content.decode()
    assert "Kevin" in page and "5e B" in page and "Saint-Henri" in page
    client.get("/my/exit/")
    after = client.get("/form/").content.decode()
    assert "Kevin" not in after and "5e B" not in after


def test_a_sent_form_is_not_given_back_by_the_next_visit(client, school):
    from tests.public.conftest import form_data

    client.post("/form/", {"description": WORDS, "q": "st henri", "action": "search"})
    assert (
        client.post("/form/", form_data(school, description=WORDS), follow=True).status_code == 200
    )
    assert "Kevin" not in client.get("/form/").content.decode()


def test_a_second_stash_replaces_the_first_without_expiring_its_cookie(client, school):
    client.post("/form/", {"description": WORDS, "q": "st henri", "action": "search"})
    again = client.post("/form/", {"description": WORDS, "q": "henri", "action": "search"})
    morsel = again.cookies["relais_keep"]
    assert morsel.value and morsel["max-age"] == ""
