"""The school's direction withdraws an invitation waiting, from /join/team/: its link then answers
410 with a page that says so, in French by default. Withdrawing twice changes nothing more; a used
invitation is not withdrawn; an educator cannot; another school's invitation is 404, and alice,
bob and charlie (staff, no school) get the school pages' 403."""

from __future__ import annotations

from django.urls import reverse

from relais.accounts.invitations import invite_member, pending_invitations
from relais.accounts.models import Invitation, Role
from relais.audit.models import AuditEvent
from relais.notices.outbox import send_due
from tests.accounts.conftest import invitations_sent, invite_link, join


def _withdraw_url(invitation: Invitation) -> str:
    return reverse("join:withdraw", args=[invitation.pk])


def _withdrawn_rows() -> int:
    return AuditEvent.objects.filter(action="school.invitation_withdrawn").count()


def test_the_direction_withdraws_and_the_link_answers_410_in_french(
    alice_head_client, alice_head, school, smtp, client, settings
):
    alice_head_client.post("/join/team/invite/", {"role": Role.EDUCATOR})
    send_due()
    token = invite_link(invitations_sent(smtp)[-1])[1]
    invitation = Invitation.objects.get()
    page = alice_head_client.get("/join/team/").content.decode()
    assert f'action="{_withdraw_url(invitation)}"' in page

    response = alice_head_client.post(_withdraw_url(invitation))

    assert response.status_code == 303 and response["Location"] == "/join/team/"
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None and invitation.used_at is None
    row = AuditEvent.objects.get(action="school.invitation_withdrawn")
    assert row.actor == alice_head and row.actor_kind == "school"
    assert row.object_id == str(invitation.pk) and row.details["role"] == "educator"
    assert not pending_invitations(school).exists()
    page = alice_head_client.get("/join/team/").content.decode()
    assert "is withdrawn: its link no longer works" in page
    assert f'action="{_withdraw_url(invitation)}"' not in page
    # The link, opened by whoever got the forwarded e-mail: French, as Relais speaks by default.
    settings.LANGUAGE_CODE = "fr"
    gone = client.get("/join/", {"t": token})
    assert gone.status_code == 410
    assert "Cette invitation a été retirée" in gone.content.decode()
    assert join(client, token).status_code == 410
    assert not school.members.filter(username="anne.leroy").exists()


def test_withdrawing_twice_is_harmless(alice_head_client, alice_head):
    invitation = invite_member(by=alice_head, role=Role.EDUCATOR)
    alice_head_client.post(_withdraw_url(invitation))
    invitation.refresh_from_db()
    first = invitation.withdrawn_at

    again = alice_head_client.post(_withdraw_url(invitation))

    assert again.status_code == 303
    invitation.refresh_from_db()
    assert invitation.withdrawn_at == first
    assert _withdrawn_rows() == 1


def test_a_used_invitation_is_not_withdrawn(alice_head_client, alice_head, smtp, client):
    alice_head_client.post("/join/team/invite/", {"role": Role.EDUCATOR})
    send_due()
    assert join(client, invite_link(invitations_sent(smtp)[-1])[1]).status_code == 303
    invitation = Invitation.objects.get()

    response = alice_head_client.post(_withdraw_url(invitation), follow=True)

    assert "This invitation was already used" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is None and _withdrawn_rows() == 0


def test_an_educator_sees_no_button_and_cannot_withdraw(educator_client, alice_head):
    invitation = invite_member(by=alice_head, role=Role.DIRECTION)

    page = educator_client.get("/join/team/").content.decode()
    response = educator_client.post(_withdraw_url(invitation))

    assert _withdraw_url(invitation) not in page
    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is None and _withdrawn_rows() == 0


def test_another_school_s_invitation_is_404_for_its_direction(bob_head_client, alice_head):
    invitation = invite_member(by=alice_head, role=Role.EDUCATOR)

    response = bob_head_client.post(_withdraw_url(invitation))

    assert response.status_code == 404
    assert (
        bob_head_client.post(
            reverse("join:withdraw", args=["00000000-0000-0000-0000-000000000000"])
        ).status_code
        == 404
    )
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is None and _withdrawn_rows() == 0


def test_alice_bob_and_charlie_cannot_withdraw(
    alice_client, bob_client, charlie_client, alice_head
):
    invitation = invite_member(by=alice_head, role=Role.EDUCATOR)

    for staff_client in (alice_client, bob_client, charlie_client):
        assert staff_client.post(_withdraw_url(invitation)).status_code == 403
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is None and _withdrawn_rows() == 0


def test_withdrawing_needs_a_post_with_its_csrf_token(alice_head, alice_head_client):
    invitation = invite_member(by=alice_head, role=Role.EDUCATOR)
    assert alice_head_client.get(_withdraw_url(invitation)).status_code == 405
    alice_head_client.handler.enforce_csrf_checks = True

    assert alice_head_client.post(_withdraw_url(invitation)).status_code == 403

    invitation.refresh_from_db()
    assert invitation.withdrawn_at is None


def test_a_withdrawn_first_invitation_lets_the_school_ask_again(
    client, receipt_token, school, alice
):
    from tests.accounts.conftest import ask_account

    ask_account(client, receipt_token)
    first = Invitation.objects.get()
    from relais.accounts.withdrawal import withdraw_invitation
    from tests.factories import UserFactory

    root = UserFactory(username="root", organisation=None, role=Role.NONE, is_superuser=True)
    withdraw_invitation(by=root, invitation_id=first.pk)

    ask_account(client, receipt_token)

    assert Invitation.objects.count() == 2
    assert pending_invitations(school).get() != first
