"""POST /api/v1/mailbox/messages"""

from __future__ import annotations

import pytest

from relais.alerts.models import Message
from relais.mailbox.services import open_mailbox
from tests.api.conftest import ApiClient, assert_error
from tests.factories import make_alert


def test_a_message_is_stored_and_shown_in_the_mailbox(mailbox, submitted):
    response = mailbox.post("/mailbox/messages", {"body": "  Ça continue ce matin.  "})
    assert response.status_code == 201
    assert set(response.json()) == {"sent_at"}
    message = Message.objects.get()
    assert (message.alert, message.author, message.body) == (
        submitted.alert,
        "reporter",
        "Ça continue ce matin.",
    )
    assert mailbox.get("/mailbox").json()["messages"][0]["body"] == "Ça continue ce matin."


def test_html_is_stored_verbatim_and_returned_as_a_json_string(mailbox):
    text = "<img src=x onerror=alert(1)> & </textarea>"
    assert mailbox.post("/mailbox/messages", {"body": text}).status_code == 201
    response = mailbox.get("/mailbox")
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["messages"][0]["body"] == text


def test_a_message_goes_to_the_tokens_alert_only(mailbox, submitted, fr_org, fr_school):
    other = make_alert(fr_school)
    mailbox.post("/mailbox/messages", {"body": "Pour mon alerte"})
    assert list(Message.objects.values_list("alert", flat=True)) == [submitted.alert.pk]
    theirs, _alert = open_mailbox(receipt=other.receipt)
    assert ApiClient(token=theirs).get("/mailbox").json()["messages"] == []


@pytest.mark.parametrize("body", ["", "   ", "x" * 10_001, "a\x07b"])
def test_an_empty_too_long_or_garbled_message_is_refused(mailbox, body):
    assert_error(mailbox.post("/mailbox/messages", {"body": body}), 422, "body")
    assert not Message.objects.exists()


@pytest.mark.parametrize("payload", [{}, {"body": 3}, {"body": ["a"]}, {"text": "a"}])
def test_a_body_of_the_wrong_shape_is_refused(mailbox, payload):
    assert_error(mailbox.post("/mailbox/messages", payload), 422)
    assert not Message.objects.exists()


def test_without_a_token_nothing_is_stored(api, submitted):
    assert_error(api.post("/mailbox/messages", {"body": "Bonjour"}), 401)
    assert not Message.objects.exists()


def test_a_10_mb_message_is_refused_as_too_large(mailbox):
    assert_error(mailbox.post("/mailbox/messages", {"body": "a" * 10_000_000}), 413)
    assert not Message.objects.exists()
