"""Deactivating a colleague takes two steps, without script: the team page's link opens a page
(GET) that says what deactivation does; only that page's POST deactivates, with `confirm` and
its signed token (relais/accounts/team.py: bound to the member and the direction member who
asks, valid 30 minutes). A forged or stale POST deactivates nothing and shows the page again.
Another school's member is 404 for anyone; an educator gets 403; staff and strangers, no team."""

from __future__ import annotations

import re
import time

from django.core.signing import TimestampSigner, b62_encode
from django.test import Client
from django.urls import reverse

from relais.accounts import team
from relais.accounts.models import Role
from relais.audit.models import AuditEvent
from tests.accounts.conftest import school_member
from tests.conftest import login_verified


def url(member) -> str:
    return f"/join/team/{member.pk}/deactivate/"


def token_on(html: str) -> str:
    found = re.search(r'name="token" value="([^"]+)"', html)
    assert found, "the confirmation page carries no token"
    return found[1]


def assert_active(member) -> None:
    member.refresh_from_db()
    assert member.is_active
    assert not AuditEvent.objects.filter(action="school.member_deactivated").exists()


def test_the_team_page_links_to_the_confirmation_and_deactivates_nothing(
    alice_head_client, educator
):
    html = alice_head_client.get("/join/team/").content.decode()

    assert f'href="{url(educator)}"' in html
    assert f'action="{url(educator)}"' not in html  # no one-click form any more
    assert_active(educator)


def test_the_confirmation_page_says_what_deactivation_does(alice_head_client, educator):
    response = alice_head_client.get(url(educator))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Deactivate eve.educator's account?" in html
    assert "can no longer sign in" in html
    assert "nothing is deleted" in html
    assert "can reactivate it later" in html
    assert token_on(html) and 'name="confirm" value="yes"' in html
    assert_active(educator)


def test_the_confirmation_page_in_french(alice_head_client, educator):
    html = alice_head_client.get(url(educator), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "Désactiver le compte « eve.educator » ?" in html
    assert "ne peut plus se connecter" in html
    assert "rien n'est supprimé" in html
    assert "peut le réactiver plus tard" in html


def test_the_page_s_post_deactivates_and_signs_the_member_out(
    alice_head_client, alice_head, educator, educator_client
):
    token = token_on(alice_head_client.get(url(educator)).content.decode())

    response = alice_head_client.post(
        url(educator), {"confirm": "yes", "token": token}, HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert response.status_code == 303 and response["Location"] == "/join/team/"
    educator.refresh_from_db()
    assert not educator.is_active
    row = AuditEvent.objects.get(action="school.member_deactivated")
    assert row.actor == alice_head and row.object_id == str(educator.pk)
    assert educator_client.get("/join/team/")["Location"].startswith(reverse("staff:login"))
    page = alice_head_client.get("/join/team/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Le compte « eve.educator » est désactivé" in page


def test_a_post_without_the_confirmation_shows_the_page_and_deactivates_nothing(
    alice_head_client, educator
):
    # The old one-click form, or a hand-made POST.
    response = alice_head_client.post(url(educator))

    assert response.status_code == 200
    assert token_on(response.content.decode())
    assert_active(educator)


def test_a_confirmation_without_its_token_deactivates_nothing(alice_head_client, educator):
    response = alice_head_client.post(url(educator), {"confirm": "yes"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "takes this page&#x27;s confirmation: nothing was changed" in html
    assert token_on(html)
    assert_active(educator)


def test_the_token_of_another_member_or_purpose_deactivates_nothing(
    alice_head, alice_head_client, educator, school
):
    colleague = school_member("dora.direction", school)
    tokens = [
        team.deactivation_token(colleague, alice_head),
        TimestampSigner().sign(f"{educator.pk}:{alice_head.pk}"),
        "nonsense",
    ]
    for token in tokens:
        response = alice_head_client.post(url(educator), {"confirm": "yes", "token": token})
        assert response.status_code == 400
        assert "does not match this member" in response.content.decode()
    assert_active(educator)


def test_the_token_of_another_direction_member_deactivates_nothing(alice_head, educator, school):
    colleague = school_member("dora.direction", school)
    token = team.deactivation_token(educator, alice_head)

    response = login_verified(Client(), colleague).post(
        url(educator), {"confirm": "yes", "token": token}
    )

    assert response.status_code == 400
    assert_active(educator)


class _SignedEarlier(TimestampSigner):
    """Signs as the confirmation page did, `seconds` ago."""

    def __init__(self, seconds: int) -> None:
        super().__init__(salt=team.CONFIRM_SALT)
        self.seconds = seconds

    def timestamp(self) -> str:
        return b62_encode(int(time.time()) - self.seconds)


def test_an_expired_token_deactivates_nothing_and_says_so(alice_head, alice_head_client, educator):
    too_old = int(team.CONFIRM_MAX_AGE.total_seconds()) + 60
    token = _SignedEarlier(too_old).sign(f"{educator.pk}:{alice_head.pk}")

    response = alice_head_client.post(url(educator), {"confirm": "yes", "token": token})

    assert response.status_code == 400
    html = response.content.decode()
    assert "This confirmation has expired (after 30 minutes): nothing was changed." in html
    assert_active(educator)
    fresh = token_on(html)
    assert (
        alice_head_client.post(url(educator), {"confirm": "yes", "token": fresh}).status_code == 303
    )


def test_an_educator_gets_403_on_the_page_and_its_post(educator_client, alice_head):
    token = team.deactivation_token(alice_head, alice_head)

    assert educator_client.get(url(alice_head)).status_code == 403
    response = educator_client.post(url(alice_head), {"confirm": "yes", "token": token})

    assert response.status_code == 403
    alice_head.refresh_from_db()
    assert alice_head.is_active


def test_another_school_s_direction_gets_404_even_with_a_token(
    alice_head, bob_head, bob_head_client, educator
):
    assert bob_head_client.get(url(educator)).status_code == 404
    for token in (
        team.deactivation_token(educator, alice_head),
        team.deactivation_token(educator, bob_head),
    ):
        response = bob_head_client.post(url(educator), {"confirm": "yes", "token": token})
        assert response.status_code == 404
    assert_active(educator)


def test_case_workers_and_strangers_get_no_page(alice_client, charlie_client, client, educator):
    assert alice_client.get(url(educator)).status_code == 403
    assert charlie_client.get(url(educator)).status_code == 403
    assert client.get(url(educator))["Location"].startswith(reverse("staff:login"))
    assert_active(educator)


def test_the_direction_gets_no_page_for_its_own_account(alice_head_client, alice_head):
    response = alice_head_client.get(url(alice_head), follow=True)

    assert "You cannot deactivate your own account" in response.content.decode()
    token = team.deactivation_token(alice_head, alice_head)
    alice_head_client.post(url(alice_head), {"confirm": "yes", "token": token})
    assert_active(alice_head)


def test_a_member_deactivated_already_has_no_second_row(alice_head_client, educator):
    token = token_on(alice_head_client.get(url(educator)).content.decode())
    alice_head_client.post(url(educator), {"confirm": "yes", "token": token})

    again = alice_head_client.get(url(educator), follow=True)

    assert "already deactivated" in again.content.decode()
    assert (
        alice_head_client.post(url(educator), {"confirm": "yes", "token": token}).status_code == 303
    )
    assert AuditEvent.objects.filter(action="school.member_deactivated").count() == 1


def test_a_direction_member_is_deactivated_like_an_educator(alice_head_client, school):
    colleague = school_member("dora.direction", school, Role.DIRECTION)
    token = token_on(alice_head_client.get(url(colleague)).content.decode())

    alice_head_client.post(url(colleague), {"confirm": "yes", "token": token})

    colleague.refresh_from_db()
    assert not colleague.is_active
