"""Whoever acknowledged a notice may ask, from the receipt page, for the school's first account:
the invitation goes to the school's official address from the directory and nowhere else, once
while it is valid; without an address on file, the page says what to do and nothing is queued."""

from __future__ import annotations

import hashlib

from relais.accounts.models import INVITATION_DAYS, Invitation, Role
from relais.audit.models import AuditEvent
from relais.notices.models import OutboxState
from relais.notices.outbox import send_due
from tests.accounts.conftest import (
    ask_account,
    invitations_sent,
    invite_link,
    mail_text,
    queued_invitations,
    school_member,
)


def _page(client, token) -> str:
    response = client.get("/ack/", {"t": token})
    assert response.status_code == 200
    return response.content.decode()


def test_the_receipt_offers_the_account_and_names_the_official_address(
    client, receipt_token, school
):
    html = _page(client, receipt_token)

    assert "Ask for an account for the school" in html
    assert 'action="/ack/account/"' in html
    assert school.direction_email in html
    # The token travels in the form's body, and no field asks for an address.
    assert f'name="t" value="{receipt_token}"' in html
    assert 'type="email"' not in html and 'name="email"' not in html


def test_asking_queues_one_invitation_to_the_school_s_official_address(
    client, receipt_token, school, smtp
):
    response = ask_account(client, receipt_token)

    assert response.status_code == 303
    assert response["Location"] == f"/ack/?t={receipt_token}"
    message = queued_invitations().get()
    assert message.to_email == school.direction_email
    invitation = Invitation.objects.get()
    assert invitation.school == school and invitation.role == Role.DIRECTION
    assert invitation.invited_by is None and invitation.message == message
    validity = invitation.expires_at - invitation.created_at
    assert round(validity.total_seconds() / 86400) == INVITATION_DAYS
    html = _page(client, receipt_token)
    assert "The invitation is on its way to your school&#x27;s official address" in html
    assert "Ask for an account for the school" not in html  # the page now says it was sent
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"school.account_requested", "school.invitation_sent"} <= actions
    requested = AuditEvent.objects.get(action="school.account_requested")
    assert requested.actor_kind == "school" and requested.actor is None

    send_due()
    [mail] = invitations_sent(smtp)
    assert mail["To"] == school.direction_email
    assert "Anne Leroy (directrice)" in mail_text(mail)
    assert school.name in mail["Subject"]


def test_asking_twice_sends_no_second_e_mail_and_says_so(client, receipt_token):
    ask_account(client, receipt_token)
    _page(client, receipt_token)

    again = ask_account(client, receipt_token)

    assert again.status_code == 303
    assert queued_invitations().count() == 1 and Invitation.objects.count() == 1
    html = _page(client, receipt_token)
    assert "An invitation was already sent to" in html
    assert "No second e-mail was sent" in html
    assert AuditEvent.objects.filter(action="school.invitation_sent").count() == 1


def test_an_address_in_a_forged_request_is_ignored(client, receipt_token, school):
    ask_account(client, receipt_token, email="mallory@evil.example", to="mallory@evil.example")

    message = queued_invitations().get()
    assert message.to_email == school.direction_email
    assert "mallory" not in message.body and "mallory" not in message.subject


def test_without_an_official_address_nothing_is_queued_and_the_page_says_what_to_do(
    client, receipt_token, school
):
    school.direction_email = ""
    school.save()
    html = _page(client, receipt_token)
    assert "Ask for an account for the school" not in html
    assert "it has none on file for your school" in html

    response = ask_account(client, receipt_token)

    assert response.status_code == 303
    html = _page(client, receipt_token)
    assert "Relais has no official e-mail address for your school" in html
    assert "contact@asbl.example" in html  # the association that sent the notice
    assert not queued_invitations().exists() and not Invitation.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="school.").exists()


def test_a_school_with_a_direction_already_asks_it_instead(client, receipt_token, school):
    school_member("deja.la", school)

    assert "Your school already has an account on Relais" in _page(client, receipt_token)
    ask_account(client, receipt_token)

    assert "Your school already has an account on Relais" in _page(client, receipt_token)
    assert not queued_invitations().exists()


def test_an_unknown_or_missing_token_is_a_404_and_queues_nothing(client, receipt_token):
    assert ask_account(client, "not-a-token").status_code == 404
    assert client.post("/ack/account/").status_code == 404
    assert client.get("/ack/account/", {"t": receipt_token}).status_code == 405
    assert not queued_invitations().exists()


def test_the_database_never_holds_a_usable_link(client, receipt_token, smtp):
    ask_account(client, receipt_token)
    send_due()

    url, token = invite_link(invitations_sent(smtp)[-1])
    message = queued_invitations().get()
    assert token not in message.body and "[[relais:invite-url]]" in message.body
    invitation = Invitation.objects.get()
    assert invitation.token_digest == hashlib.sha256(token.encode()).hexdigest()
    assert url.endswith(f"/join/?t={token}")


def test_an_invitation_the_mail_server_refused_may_be_asked_again(client, receipt_token, smtp):
    ask_account(client, receipt_token)
    smtp.sink.reject = True
    send_due()
    assert queued_invitations().get().state == OutboxState.FAILED
    assert "Ask for an account for the school" in _page(client, receipt_token)

    ask_account(client, receipt_token)

    assert queued_invitations().count() == 2
    smtp.sink.reject = False
    send_due()
    assert len(invitations_sent(smtp)) == 1
