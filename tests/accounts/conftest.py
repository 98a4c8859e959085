"""Fixtures of school accounts: a notice acknowledged by a real SMTP round (its receipt's token),
invitation links read from the e-mails the loopback server received, and school members.

The people: alice_head is the direction of `school` (Institut Saint-Henri, Mouscron), bob_head
the direction of another school (`other_school`); the global alice is a case worker, bob a case
worker of another organisation, charlie has no role.
"""

from __future__ import annotations

import re
from email.message import EmailMessage
from typing import Any

import pytest
from django.test import Client

from relais.accounts.models import Role
from relais.notices.compose import draft_for
from relais.notices.models import OutboxKind, OutboxMessage
from relais.notices.outbox import send_due
from relais.notices.services import send_notice
from tests.conftest import login_verified
from tests.factories import SchoolFactory, UserFactory

# Fixtures: a real SMTP server on loopback, alice's alert triaged.
from tests.notices.conftest import ack_link, smtp, triaged  # noqa: F401

INVITE_LINK_RE = re.compile(r"(https?://\S+/join/\?t=([A-Za-z0-9_-]+))")
FACTS = "Un élève reçoit des moqueries répétées pendant les récréations depuis un mois."
PASSWORD = "une phrase de passe assez longue 42"


def mail_text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return body.get_content()


def invite_link(message: EmailMessage) -> tuple[str, str]:
    """(full URL, token) of the invitation link in a received e-mail."""
    match = INVITE_LINK_RE.search(mail_text(message))
    assert match, "no invitation link in the e-mail"
    return match.group(1), match.group(2)


def invitations_sent(smtp_server: Any) -> list[EmailMessage]:
    return [m for m in smtp_server.sink.messages if "/join/?t=" in mail_text(m)]


def queued_invitations() -> Any:
    return OutboxMessage.objects.filter(kind=OutboxKind.INVITATION)


def acknowledge(client: Client, token: str) -> Any:
    return client.post("/ack/", {"t": token, "name": "Anne Leroy", "role": "directrice"})


@pytest.fixture
def receipt_token(smtp, be_org, triaged, alice, client) -> str:  # noqa: F811
    """The token of a notice about `school` that its direction acknowledged: its receipt page
    is where the school asks for its first account."""
    be_org.email = "contact@asbl.example"
    be_org.save()
    subject, body = draft_for(triaged)
    send_notice(alert=triaged, actor=alice, subject=subject, body=body, facts=FACTS)
    send_due()
    token = ack_link(smtp.sink.messages[-1])[1]
    assert acknowledge(client, token).status_code == 303
    return token


def ask_account(client: Client, token: str, **extra: str) -> Any:
    return client.post("/ack/account/", {"t": token, **extra})


@pytest.fixture
def invitation_token(receipt_token, client, smtp) -> str:  # noqa: F811
    """The token of the direction's invitation, as the e-mail carried it."""
    assert ask_account(client, receipt_token).status_code == 303
    send_due()
    return invite_link(invitations_sent(smtp)[-1])[1]


def join(client: Client, token: str, username: str = "anne.leroy", **extra: str) -> Any:
    data = {"t": token, "username": username, "password": PASSWORD, "password_again": PASSWORD}
    data.update(extra)
    return client.post("/join/", data)


@pytest.fixture
def other_school(db):
    return SchoolFactory(name="Athénée royal de Mouscron", city="Mouscron", code="6001")


def school_member(username: str, school: Any, role: str = Role.DIRECTION) -> Any:
    return UserFactory(username=username, organisation=None, role=role, school=school)


@pytest.fixture
def alice_head(school):
    return school_member("alice.head", school)


@pytest.fixture
def bob_head(other_school):
    return school_member("bob.head", other_school)


@pytest.fixture
def educator(school):
    return school_member("eve.educator", school, Role.EDUCATOR)


@pytest.fixture
def alice_head_client(alice_head):
    return login_verified(Client(), alice_head)


@pytest.fixture
def bob_head_client(bob_head):
    return login_verified(Client(), bob_head)


@pytest.fixture
def educator_client(educator):
    return login_verified(Client(), educator)
