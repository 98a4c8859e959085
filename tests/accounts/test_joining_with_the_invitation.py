"""/join/?t=TOKEN: a username and a password (Django's validators), then the second factor set
up as for staff, then the school's side. The link works once: replayed or expired it is 410,
unknown 404; the account's school and role are the invitation's, whatever the form says."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from relais.accounts.models import Invitation, Role, User
from relais.audit.models import AuditEvent
from relais.notices.outbox import send_due
from relais.staff.signin import home_for
from tests.accounts.conftest import PASSWORD, invitations_sent, invite_link, join
from tests.factories import totp_now


def test_the_link_shows_the_school_and_the_role_and_asks_for_no_address(client, invitation_token):
    response = client.get("/join/", {"t": invitation_token})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Institut Saint-Henri" in html and "school direction" in html
    assert 'name="username"' in html and 'name="password"' in html
    assert 'name="email"' not in html and 'name="school"' not in html
    assert f'value="{invitation_token}"' in html


def test_joining_creates_the_direction_account_then_asks_for_the_second_factor(
    client, invitation_token, school
):
    response = join(client, invitation_token)

    assert response.status_code == 303
    assert response["Location"] == reverse("staff:enrol")
    user = User.objects.get(username="anne.leroy")
    assert user.role == Role.DIRECTION and user.school == school and user.in_school
    assert user.organisation is None and user.check_password(PASSWORD)
    assert user.email == ""  # the school's address is the school's, not this person's
    invitation = Invitation.objects.get()
    assert invitation.used_at is not None and invitation.account == user
    created = AuditEvent.objects.get(action="school.account_created")
    assert created.object_id == str(user.pk) and created.details["role"] == "direction"
    # Not signed in until the authenticator is confirmed: nothing is usable without it.
    assert "_auth_user_id" not in client.session
    assert client.get("/school/")["Location"].startswith(reverse("staff:login"))

    client.get(reverse("staff:enrol"))
    device = TOTPDevice.objects.get(user=user)
    done = client.post(reverse("staff:enrol"), {"token": totp_now(device)})

    assert done.status_code == 302
    assert done["Location"] == home_for(user) == "/school/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_link_works_once(client, invitation_token):
    join(client, invitation_token)

    replayed = client.get("/join/", {"t": invitation_token})
    posted = join(client, invitation_token, username="someone.else")

    assert replayed.status_code == 410 and posted.status_code == 410
    assert "This invitation has already been used" in replayed.content.decode()
    assert not User.objects.filter(username="someone.else").exists()


def test_an_expired_link_is_410_and_says_how_to_get_another(client, invitation_token):
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = client.get("/join/", {"t": invitation_token})
    posted = join(client, invitation_token)

    assert response.status_code == 410 and posted.status_code == 410
    assert "This invitation has expired" in response.content.decode()
    assert not User.objects.filter(role=Role.DIRECTION).exists()


def test_an_unknown_link_is_404(client, db):
    assert client.get("/join/", {"t": "made-up"}).status_code == 404
    assert client.get("/join/").status_code == 404
    assert join(client, "made-up").status_code == 404
    assert client.get("/join/", {"t": "x" * 500}).status_code == 404


def test_a_weak_password_is_refused_in_the_user_s_words_and_nothing_is_made(
    client, invitation_token
):
    response = join(client, invitation_token, password="anne.leroy1", password_again="anne.leroy1")

    assert response.status_code == 400
    html = response.content.decode()
    assert "This password is too short" in html
    assert not User.objects.filter(username="anne.leroy").exists()
    assert Invitation.objects.get().used_at is None


def test_two_different_passwords_or_a_taken_username_are_refused(client, invitation_token, alice):
    differ = join(client, invitation_token, password_again="une autre phrase bien longue 43")
    taken = join(client, invitation_token, username="ALICE")

    assert differ.status_code == 400 and taken.status_code == 400
    assert "The two passwords differ" in differ.content.decode()
    assert "This username is taken" in taken.content.decode()
    assert User.objects.filter(school__isnull=False).count() == 0
    assert Invitation.objects.get().used_at is None


def test_the_invitation_decides_the_school_and_role_not_the_form(
    client, invitation_token, other_school
):
    join(client, invitation_token, school=str(other_school.pk), role=Role.CASE_WORKER)

    user = User.objects.get(username="anne.leroy")
    assert user.school.name == "Institut Saint-Henri" and user.role == Role.DIRECTION


def test_bob_s_invitation_cannot_join_alice_s_school(
    client, bob_head_client, bob_head, school, smtp
):
    """bob (direction of another school) invites a colleague: the link makes a member of bob's
    school, whatever the form adds."""
    bob_head_client.post("/join/team/invite/", {"role": Role.EDUCATOR})
    send_due()
    [mail] = invitations_sent(smtp)
    assert mail["To"] == bob_head.school.direction_email
    token = invite_link(mail)[1]

    join(client, token, username="eve.bob", school=str(school.pk))

    user = User.objects.get(username="eve.bob")
    assert user.school == bob_head.school and user.school != school
    assert user.role == Role.EDUCATOR
