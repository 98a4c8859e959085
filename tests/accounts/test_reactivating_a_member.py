"""The direction reactivates a member it deactivated (POST /join/team/<id>/reactivate/): the
same account signs in again, audited `school.member_reactivated` in the same transaction. A
session the member had before is not brought back. An account the association deactivated in
the administration stays as it is; another school's member is 404; an educator gets 403."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from relais.accounts import team
from relais.audit.actions import AuditAction
from relais.audit.models import AuditEvent
from relais.audit.services import record
from tests.accounts.conftest import school_member
from tests.conftest import login_verified


def url(member) -> str:
    return f"/join/team/{member.pk}/reactivate/"


def deactivated(member, by) -> None:
    team.deactivate_member(by=by, member_id=member.pk)
    member.refresh_from_db()
    assert not member.is_active


def test_the_direction_reactivates_a_member_it_deactivated(alice_head, alice_head_client, educator):
    deactivated(educator, alice_head)
    html = alice_head_client.get("/join/team/").content.decode()
    assert f'action="{url(educator)}"' in html and "Reactivate eve.educator" in html

    response = alice_head_client.post(url(educator))

    assert response.status_code == 303 and response["Location"] == "/join/team/"
    educator.refresh_from_db()
    assert educator.is_active
    row = AuditEvent.objects.get(action="school.member_reactivated")
    assert row.actor == alice_head and row.object_id == str(educator.pk)
    assert row.actor_kind == "school" and row.details["role"] == "educator"
    assert login_verified(Client(), educator).get("/join/team/").status_code == 200


def test_it_says_so_in_french(alice_head, alice_head_client, educator):
    deactivated(educator, alice_head)

    response = alice_head_client.post(url(educator), follow=True, HTTP_ACCEPT_LANGUAGE="fr")

    html = response.content.decode()
    assert "Le compte « eve.educator » est de nouveau actif" in html
    assert "Désactiver eve.educator" in html


def test_a_session_from_before_the_deactivation_does_not_come_back(
    alice_head, alice_head_client, educator, educator_client
):
    deactivated(educator, alice_head)

    alice_head_client.post(url(educator))

    assert educator_client.get("/join/team/")["Location"].startswith(reverse("staff:login"))
    # The direction's own session is untouched.
    assert alice_head_client.get("/join/team/").status_code == 200


def test_an_active_member_is_left_as_it_is(alice_head_client, educator):
    response = alice_head_client.post(url(educator), follow=True)

    assert "already active" in response.content.decode()
    assert not AuditEvent.objects.filter(action="school.member_reactivated").exists()


def test_an_account_the_association_deactivated_stays_deactivated(
    alice, alice_head, alice_head_client, educator
):
    deactivated(educator, alice_head)
    # Then the association's administrator changed the account in the administration.
    record(actor=alice, action=AuditAction.ADMIN_CHANGED, obj=educator, fields=["Active"])

    page = alice_head_client.get("/join/team/").content.decode()
    response = alice_head_client.post(url(educator), follow=True)

    assert f'action="{url(educator)}"' not in page
    assert "ask it to reactivate the account" in page
    assert "ask it to reactivate the account" in response.content.decode()
    educator.refresh_from_db()
    assert not educator.is_active
    assert not AuditEvent.objects.filter(action="school.member_reactivated").exists()


def test_an_account_deactivated_without_the_school_stays_deactivated(alice_head_client, educator):
    educator.is_active = False
    educator.save()

    alice_head_client.post(url(educator))

    educator.refresh_from_db()
    assert not educator.is_active


def test_an_educator_neither_sees_nor_uses_the_button(alice_head, educator, school):
    other = school_member("otto.educator", school, "educator")
    deactivated(other, alice_head)
    client = login_verified(Client(), educator)

    page = client.get("/join/team/").content.decode()
    response = client.post(url(other))

    assert f'action="{url(other)}"' not in page
    assert response.status_code == 403
    other.refresh_from_db()
    assert not other.is_active


def test_another_school_s_member_is_404_and_stays_deactivated(
    alice_head_client, bob_head, other_school, alice
):
    bob_colleague = school_member("bella.educator", other_school, "educator")
    deactivated(bob_colleague, bob_head)
    alice.is_active = False
    alice.save()

    for other in (bob_colleague, alice):
        assert alice_head_client.post(url(other)).status_code == 404
        other.refresh_from_db()
        assert not other.is_active
    assert alice_head_client.post("/join/team/999999/reactivate/").status_code == 404
    assert not AuditEvent.objects.filter(action="school.member_reactivated").exists()


def test_case_workers_and_strangers_get_no_reactivation(
    alice_head, alice_client, charlie_client, client, educator
):
    deactivated(educator, alice_head)

    assert alice_client.post(url(educator)).status_code == 403
    assert charlie_client.post(url(educator)).status_code == 403
    assert client.post(url(educator))["Location"].startswith(reverse("staff:login"))
    educator.refresh_from_db()
    assert not educator.is_active


def test_reactivation_takes_a_post(alice_head, alice_head_client, educator):
    deactivated(educator, alice_head)

    assert alice_head_client.get(url(educator)).status_code == 405
    educator.refresh_from_db()
    assert not educator.is_active
