"""/join/team/: the school's members and the invitations waiting. The direction invites a
colleague (the e-mail still goes to the school's official address only) and deactivates a member
of its own school; an educator reads the list; anyone else gets nothing."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from relais.accounts import team
from relais.accounts.models import Invitation, Role, User
from relais.audit.models import AuditEvent
from relais.directory.models import Service
from tests.accounts.conftest import queued_invitations
from tests.conftest import login_verified
from tests.factories import UserFactory


def test_the_direction_sees_its_team_and_nobody_else_s(alice_head_client, educator, bob_head):
    response = alice_head_client.get("/join/team/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "The team of Institut Saint-Henri" in html
    assert "eve.educator" in html and "alice.head" in html
    assert "bob.head" not in html
    assert 'action="/join/team/invite/"' in html


def test_the_direction_invites_an_educator_through_the_official_address(
    alice_head_client, alice_head, school
):
    response = alice_head_client.post(
        "/join/team/invite/", {"role": Role.EDUCATOR, "email": "friend@gmail.example"}
    )

    assert response.status_code == 303 and response["Location"] == "/join/team/"
    invitation = Invitation.objects.get()
    assert invitation.role == Role.EDUCATOR and invitation.invited_by == alice_head
    assert invitation.school == school
    message = queued_invitations().get()
    assert message.to_email == school.direction_email
    assert "friend@gmail.example" not in message.body
    invited = AuditEvent.objects.get(action="school.member_invited")
    assert invited.actor == alice_head and invited.details["role"] == "educator"
    assert AuditEvent.objects.filter(action="school.invitation_sent").count() == 1
    page = alice_head_client.get("/join/team/").content.decode()
    assert school.direction_email in page
    assert "educator: sent on" in page  # waiting
    assert "Forward it to your colleague" in page  # the message after the redirect


def test_a_role_that_is_not_a_school_s_is_refused(alice_head_client):
    for role in (Role.CASE_WORKER, Role.ADMINISTRATOR, Role.RELAY, "root"):
        response = alice_head_client.post("/join/team/invite/", {"role": role})
        assert response.status_code == 400
    assert "Choose direction or educator" in response.content.decode()
    assert not Invitation.objects.exists() and not queued_invitations().exists()


def test_without_an_official_address_the_direction_is_told_and_nothing_is_queued(
    alice_head_client, school
):
    school.direction_email = ""
    school.save()

    assert "cannot send invitations" in alice_head_client.get("/join/team/").content.decode()
    response = alice_head_client.post("/join/team/invite/", {"role": Role.EDUCATOR})

    assert response.status_code == 400
    assert "no official e-mail address" in response.content.decode()
    assert not Invitation.objects.exists() and not queued_invitations().exists()


def test_an_educator_reads_the_team_but_neither_invites_nor_deactivates(
    educator_client, alice_head
):
    page = educator_client.get("/join/team/")
    invite = educator_client.post("/join/team/invite/", {"role": Role.DIRECTION})
    deactivate = educator_client.post(f"/join/team/{alice_head.pk}/deactivate/")

    assert page.status_code == 200 and "alice.head" in page.content.decode()
    assert 'action="/join/team/invite/"' not in page.content.decode()
    assert invite.status_code == 403 and deactivate.status_code == 403
    assert not Invitation.objects.exists()
    alice_head.refresh_from_db()
    assert alice_head.is_active


def test_the_direction_deactivates_a_colleague_who_is_then_signed_out(
    alice_head_client, alice_head, educator, educator_client
):
    # Two steps: the confirmation page, then its POST (test_deactivating_a_member_takes_...).
    response = alice_head_client.post(
        f"/join/team/{educator.pk}/deactivate/",
        {"confirm": "yes", "token": team.deactivation_token(educator, alice_head)},
    )

    assert response.status_code == 303
    educator.refresh_from_db()
    assert not educator.is_active
    row = AuditEvent.objects.get(action="school.member_deactivated")
    assert row.actor == alice_head and row.object_id == str(educator.pk)
    # The session the educator had is no longer anyone's.
    assert educator_client.get("/join/team/")["Location"].startswith(reverse("staff:login"))
    assert "deactivated" in alice_head_client.get("/join/team/").content.decode()


def test_another_school_s_member_is_404_and_stays_active(alice_head_client, bob_head, alice):
    for other in (bob_head, alice):
        response = alice_head_client.post(f"/join/team/{other.pk}/deactivate/")
        assert response.status_code == 404
        other.refresh_from_db()
        assert other.is_active
    assert alice_head_client.post("/join/team/999999/deactivate/").status_code == 404
    assert not AuditEvent.objects.filter(action="school.member_deactivated").exists()


def test_the_direction_cannot_deactivate_itself(alice_head_client, alice_head):
    response = alice_head_client.post(f"/join/team/{alice_head.pk}/deactivate/", follow=True)

    assert "You cannot deactivate your own account" in response.content.decode()
    alice_head.refresh_from_db()
    assert alice_head.is_active


def test_case_workers_relays_and_strangers_get_no_team(
    alice_client, charlie_client, client, be_org, educator
):
    cpms = Service.objects.create(
        name="CPMS Libre Mouscron 1", kind="pms", area="Mouscron", jurisdiction="be-fwb"
    )
    relay = UserFactory(username="rita", organisation=be_org, role=Role.RELAY, service=cpms)
    relay_client = login_verified(Client(), relay)
    assert relay_client.get("/join/team/").status_code == 403
    assert relay_client.post(f"/join/team/{educator.pk}/deactivate/").status_code == 403
    assert alice_client.get("/join/team/").status_code == 403
    assert charlie_client.get("/join/team/").status_code == 403
    assert alice_client.post("/join/team/invite/", {"role": Role.EDUCATOR}).status_code == 403
    assert client.get("/join/team/")["Location"].startswith(reverse("staff:login"))
    assert not Invitation.objects.exists()
    assert User.objects.filter(is_active=False).count() == 0


def test_each_member_is_a_card_of_its_own_with_no_sideways_scroll_box(alice_head_client, educator):
    """On a phone every field is in view: one card per member, no table in a scroll region
    (whose label the section's also was: axe's landmark-unique)."""
    html = alice_head_client.get("/join/team/").content.decode()

    assert 'role="region"' not in html and "<table" not in html
    assert html.count('<li class="member">') == 2
    assert html.count("<dt>Last sign-in</dt>") == 2 and html.count("<dt>Account</dt>") == 2
    assert "Deactivate eve.educator" in html
