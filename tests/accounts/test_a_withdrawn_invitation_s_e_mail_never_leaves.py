"""Withdrawing an invitation withdraws its e-mail still waiting in the outbox (state "cancelled",
relais.notices.queue.withdraw): the worker never sends it, even once its retry comes due, whether
the school's direction withdrew it from /join/team/ or an administrator from the admin. An e-mail
already sent stays as it was. The audit row says which (`email_withdrawn`). Through the real
outbox worker and a real SMTP server."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.accounts.models import Invitation, Role
from relais.audit.models import AuditAction, AuditEvent
from relais.notices.models import OutboxMessage, OutboxState
from relais.notices.outbox import send_due
from tests.accounts.conftest import invitations_sent, invite_link, join
from tests.conftest import client_of
from tests.factories import UserFactory
from tests.notices.conftest import smtp_down  # noqa: F401  (a real SMTP server, not up yet)

pytestmark = pytest.mark.django_db


@pytest.fixture
def dora(be_org):
    return UserFactory(username="dora", organisation=be_org, role=Role.ADMINISTRATOR)


dora_client = client_of("dora")


def _invite(client) -> Invitation:
    assert client.post("/join/team/invite/", {"role": Role.EDUCATOR}).status_code == 303
    return Invitation.objects.get()


def _withdraw(client, invitation: Invitation) -> None:
    response = client.post(reverse("join:withdraw", args=[invitation.pk]))
    assert response.status_code == 303


def _message(invitation: Invitation) -> OutboxMessage:
    return OutboxMessage.objects.get(pk=invitation.message_id)


def _email_withdrawn() -> object:
    row = AuditEvent.objects.get(action=AuditAction.SCHOOL_INVITATION_WITHDRAWN)
    return row.details["email_withdrawn"]


def test_a_queued_e_mail_is_withdrawn_and_never_sent(alice_head_client, smtp):
    invitation = _invite(alice_head_client)

    _withdraw(alice_head_client, invitation)

    assert _message(invitation).state == OutboxState.CANCELLED
    assert send_due() == 0
    assert smtp.sink.messages == []
    assert _email_withdrawn() is True
    invitation.refresh_from_db()
    assert invitation.token_digest is None  # no link was ever minted


def test_an_e_mail_waiting_for_a_retry_is_withdrawn_too(
    alice_head_client,
    smtp_down,  # noqa: F811
):
    invitation = _invite(alice_head_client)
    assert send_due() == 1  # nobody listens: deferred, queued for a later attempt
    assert _message(invitation).state == OutboxState.QUEUED

    _withdraw(alice_head_client, invitation)
    smtp_down.start()
    OutboxMessage.objects.filter(pk=invitation.message_id).update(next_attempt_at=timezone.now())

    assert send_due() == 0
    assert smtp_down.sink.messages == []
    assert _message(invitation).state == OutboxState.CANCELLED
    assert _email_withdrawn() is True


def test_an_e_mail_already_sent_stays_as_it_was(alice_head_client, smtp, client):
    invitation = _invite(alice_head_client)
    assert send_due() == 1
    token = invite_link(invitations_sent(smtp)[-1])[1]
    sent = _message(invitation)

    _withdraw(alice_head_client, invitation)

    after = _message(invitation)
    assert (after.state, after.sent_at) == (OutboxState.SENT, sent.sent_at)
    assert _email_withdrawn() is False
    assert join(client, token).status_code == 410  # the link it carried is dead


def test_an_administrator_s_withdrawal_withdraws_the_e_mail_too(
    alice_head_client, dora_client, smtp
):
    invitation = _invite(alice_head_client)

    response = dora_client.post(
        reverse("admin:accounts_invitation_changelist"),
        {"action": "withdraw", "_selected_action": [str(invitation.pk)]},
        follow=True,
    )

    assert response.status_code == 200
    assert _message(invitation).state == OutboxState.CANCELLED
    assert send_due() == 0 and smtp.sink.messages == []
    row = AuditEvent.objects.get(action=AuditAction.SCHOOL_INVITATION_WITHDRAWN)
    assert (row.actor_kind, row.details["email_withdrawn"]) == ("staff", True)


def test_withdrawing_again_leaves_the_audit_row_alone(alice_head_client, smtp):
    invitation = _invite(alice_head_client)
    _withdraw(alice_head_client, invitation)

    _withdraw(alice_head_client, invitation)

    assert AuditEvent.objects.filter(action=AuditAction.SCHOOL_INVITATION_WITHDRAWN).count() == 1
    assert _message(invitation).state == OutboxState.CANCELLED
