"""Invitations in the admin: a read-only list (school, role, the official address it went to,
dates, state; never the token nor its digest), filtered by state, for the schools of the
administrator's jurisdictions only, as a member is attached to a school; the action "withdraw"
calls the service. dora administers alice's organisation (be-fwb), erin bob's (fr); root is the
platform administrator; alice, bob and charlie get nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.accounts.invitations import invite_member
from relais.accounts.models import Invitation, Role
from relais.audit.models import AuditEvent
from tests.accounts.conftest import school_member
from tests.conftest import client_of
from tests.factories import UserFactory

LIST = reverse("admin:accounts_invitation_changelist")


@pytest.fixture
def dora(be_org):
    return UserFactory(username="dora", organisation=be_org, role=Role.ADMINISTRATOR)


@pytest.fixture
def erin(fr_org):
    return UserFactory(username="erin", organisation=fr_org, role=Role.ADMINISTRATOR)


@pytest.fixture
def root(db):
    return UserFactory(username="root", organisation=None, role=Role.NONE, is_superuser=True)


dora_client = client_of("dora")
erin_client = client_of("erin")
root_client = client_of("root")


@pytest.fixture
def be_invitation(alice_head):
    return invite_member(by=alice_head, role=Role.EDUCATOR)


@pytest.fixture
def fr_invitation(fr_school):
    return invite_member(by=school_member("bob.head", fr_school), role=Role.DIRECTION)


def _change(invitation: Invitation) -> str:
    return reverse("admin:accounts_invitation_change", args=[invitation.pk])


def _withdraw(client, *invitations: Invitation):
    selected = [str(invitation.pk) for invitation in invitations]
    return client.post(LIST, {"action": "withdraw", "_selected_action": selected}, follow=True)


def test_dora_lists_her_jurisdiction_s_invitations_and_no_token(
    dora_client, be_invitation, fr_invitation, school
):
    be_invitation.refresh_from_db()
    assert be_invitation.token_digest is None  # minted when the e-mail leaves
    be_invitation.token_digest = "ab" * 32
    be_invitation.save()

    page = dora_client.get(LIST).content.decode()
    detail = dora_client.get(_change(be_invitation)).content.decode()

    assert _change(be_invitation) in page and _change(fr_invitation) not in page
    assert school.name in page and school.direction_email in page and "waiting" in page
    assert "ab" * 32 not in page + detail and "Token" not in detail
    assert school.direction_email in detail and "Save" not in detail
    assert dora_client.get(_change(fr_invitation)).status_code == 404


def test_erin_reaches_none_of_dora_s_and_root_reaches_all(
    erin_client, root_client, be_invitation, fr_invitation
):
    erin_page = erin_client.get(LIST).content.decode()
    root_page = root_client.get(LIST).content.decode()

    assert _change(fr_invitation) in erin_page and _change(be_invitation) not in erin_page
    assert erin_client.get(_change(be_invitation)).status_code == 404
    assert _change(fr_invitation) in root_page and _change(be_invitation) in root_page


def test_alice_bob_and_charlie_reach_no_invitation(
    alice_client, bob_client, charlie_client, be_invitation
):
    for client in (alice_client, bob_client, charlie_client):
        # Sent to the admin's door, which tells them they are not administrators.
        assert client.get(LIST, follow=True).status_code == 403
        assert client.get(_change(be_invitation), follow=True).status_code == 403
        assert _withdraw(client, be_invitation).status_code == 403
    be_invitation.refresh_from_db()
    assert be_invitation.withdrawn_at is None


def test_the_state_filter(dora_client, alice_head, be_invitation):
    used = invite_member(by=alice_head, role=Role.DIRECTION)
    used.used_at = timezone.now()
    used.save()
    expired = invite_member(by=alice_head, role=Role.EDUCATOR)
    expired.expires_at = timezone.now() - timedelta(days=1)
    expired.save()
    withdrawn = invite_member(by=alice_head, role=Role.EDUCATOR)
    _withdraw(dora_client, withdrawn)
    everyone = {be_invitation, used, expired, withdrawn}

    for state, expected in (
        ("pending", be_invitation),
        ("used", used),
        ("expired", expired),
        ("withdrawn", withdrawn),
    ):
        page = dora_client.get(LIST, {"state": state}).content.decode()
        shown = {invitation for invitation in everyone if _change(invitation) in page}
        assert shown == {expected}, state


def test_dora_withdraws_and_the_audit_log_says_who(dora_client, dora, be_invitation):
    response = _withdraw(dora_client, be_invitation)

    assert "1 invitation withdrawn: its link no longer works." in response.content.decode()
    be_invitation.refresh_from_db()
    assert be_invitation.withdrawn_at is not None
    row = AuditEvent.objects.get(action="school.invitation_withdrawn")
    assert row.actor == dora and row.actor_kind == "staff"
    # Twice: harmless, no second row.
    _withdraw(dora_client, be_invitation)
    assert AuditEvent.objects.filter(action="school.invitation_withdrawn").count() == 1


def test_a_used_invitation_stays_as_it_is(dora_client, be_invitation):
    be_invitation.used_at = timezone.now()
    be_invitation.save()

    response = _withdraw(dora_client, be_invitation)

    assert "1 invitation was already used and stays as it is." in response.content.decode()
    be_invitation.refresh_from_db()
    assert be_invitation.withdrawn_at is None


def test_erin_s_withdraw_spares_dora_s_invitation(erin_client, be_invitation):
    _withdraw(erin_client, be_invitation)

    be_invitation.refresh_from_db()
    assert be_invitation.withdrawn_at is None
    assert not AuditEvent.objects.filter(action="school.invitation_withdrawn").exists()


def test_the_list_reads_in_french(dora_client, be_invitation):
    page = dora_client.get(LIST, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "en attente" in page and "Retirer les invitations sélectionnées" in page
    assert "Adresse officielle de destination" in page  # the column, capitalised
