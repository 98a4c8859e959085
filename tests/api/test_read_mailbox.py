"""GET /api/v1/mailbox"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from relais.alerts.services import move_alert, post_staff_message
from relais.mailbox.models import MailboxSession
from relais.mailbox.services import open_mailbox
from tests.api.conftest import ApiClient, assert_error
from tests.factories import make_alert


def test_the_mailbox_shows_status_alert_and_messages(mailbox, submitted, alice):
    post_staff_message(alert=submitted.alert, actor=alice, body="Merci, nous lisons votre alerte.")
    response = mailbox.get("/mailbox")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "received"
    assert isinstance(body["status_text"], str) and body["status_text"]
    assert body["alert"]["school"] == {"name": "Institut Saint-Henri", "city": "Mouscron"}
    assert body["alert"]["categories"] == ["harcelement"]
    assert body["alert"]["immediate_danger"] is False
    assert body["alert"]["consent_escalation"] is False
    assert body["alert"]["reveal_identity"] is False
    assert body["alert"]["created_at"]
    assert [(m["author"], m["body"]) for m in body["messages"]] == [
        ("staff", "Merci, nous lisons votre alerte.")
    ]


def test_the_mailbox_shows_no_staff_identity_or_internal_ids(mailbox, submitted, alice):
    post_staff_message(alert=submitted.alert, actor=alice, body="Bonjour")
    text = mailbox.get("/mailbox").content.decode()
    assert "alice" not in text
    assert str(submitted.alert.id) not in text
    assert str(submitted.alert.school_id) not in text


def test_a_refusal_shows_its_reason(mailbox, submitted, alice):
    move_alert(alert=submitted.alert, to="refused", actor=alice, reason="Aucun fait précis.")
    body = mailbox.get("/mailbox").json()
    assert body["status"] == "refused"
    assert body["status_reason"] == "Aucun fait précis."


def test_a_token_opens_only_its_own_alert(submitted, fr_org, fr_school):
    other = make_alert(fr_school, description="Une autre alerte, ailleurs.")
    mine, _alert = open_mailbox(receipt=submitted.receipt)
    theirs, _alert = open_mailbox(receipt=other.receipt)
    assert ApiClient(token=mine).get("/mailbox").json()["alert"]["school"]["city"] == "Mouscron"
    assert ApiClient(token=theirs).get("/mailbox").json()["alert"]["school"]["city"] == "Rennes"


def test_without_a_token_the_mailbox_is_closed(api, submitted):
    assert_error(api.get("/mailbox"), 401)


@pytest.mark.parametrize(
    "authorization", ["Bearer ", "Bearer nonsense", "Basic dXNlcjpwYXNz", "Bearer " + "a" * 500]
)
def test_a_wrong_token_gets_401(submitted, authorization):
    client = ApiClient()
    client.headers["Authorization"] = authorization
    assert_error(client.get("/mailbox"), 401)


def test_an_expired_token_gets_401(mailbox):
    MailboxSession.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert_error(mailbox.get("/mailbox"), 401)


def test_a_staff_session_does_not_open_a_mailbox(
    alice_client, bob_client, charlie_client, submitted
):
    # Even alice, who handles this alert, reads it on the staff side, not through its mailbox.
    for client in (alice_client, bob_client, charlie_client):
        assert_error(client.get("/api/v1/mailbox"), 401)


def test_the_answer_is_never_cached(mailbox):
    assert mailbox.get("/mailbox")["Cache-Control"] == "no-store"


def test_the_mailbox_lists_a_verifiable_proof_per_event(mailbox):
    import json

    from relais.proofs.verify import verify_proof

    mailbox.post("/mailbox/messages", {"body": "Encore aujourd'hui."})
    proofs = mailbox.get("/mailbox").json()["proofs"]
    kinds = [verify_proof(json.dumps(proof).encode()).kind for proof in proofs]
    assert kinds == ["alert.received", "message.received"]
