"""Closing a case takes the confirmation page's POST, not only a POST that says `confirm=yes`:
that page carries a signed token bound to the case, the member and the outcome shown, valid 30
minutes (relais/cases/closing.py). A forged POST, a token of another case, member or outcome,
or an expired one closes nothing and shows the confirmation page again, with why."""

from __future__ import annotations

import re
import time

import pytest
from django.core.signing import TimestampSigner, b62_encode

from relais.accounts.models import Role
from relais.cases.closing import CONFIRM_MAX_AGE, CONFIRM_SALT, confirmation_token
from relais.cases.models import CaseState, Origin
from relais.cases.services import open_case
from tests.conftest import client_of
from tests.factories import UserFactory

bob_client = client_of("bob")
alma_client = client_of("alma")


@pytest.fixture
def case(alice, school):
    return open_case(
        school=school, by=alice, origin=Origin.PUPIL, conditions={"victim_known": True}
    )


@pytest.fixture
def alma(school):
    """A second member of the direction of alice's school: she may close, with her own page."""
    return UserFactory(username="alma", organisation=None, role=Role.DIRECTION, school=school)


def url(case) -> str:
    return f"/school/cases/{case.pk}/close/"


def token_on(html: str) -> str:
    found = re.search(r'name="token" value="([^"]+)"', html)
    assert found, "the confirmation page carries no token"
    return found[1]


def assert_open(case) -> None:
    case.refresh_from_db()
    assert case.state == CaseState.OPEN and case.closed_at is None


def test_the_two_steps_close_the_case(alice_client, case):
    page = alice_client.get(url(case), {"outcome": "stopped"})
    token = token_on(page.content.decode())

    done = alice_client.post(url(case), {"outcome": "stopped", "confirm": "yes", "token": token})

    assert done.status_code == 303
    case.refresh_from_db()
    assert (case.state, case.outcome) == (CaseState.CLOSED, "stopped")


def test_a_forged_post_without_a_token_closes_nothing(alice_client, case):
    response = alice_client.post(url(case), {"outcome": "stopped", "confirm": "yes"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Closing a case takes this page&#x27;s confirmation: nothing was closed" in html
    assert "Outcome chosen:" in html and token_on(html)
    assert_open(case)


@pytest.mark.parametrize("token", ["nonsense", "1:2:stopped:abc:def"])
def test_a_made_up_token_closes_nothing(alice_client, case, token):
    response = alice_client.post(
        url(case), {"outcome": "stopped", "confirm": "yes", "token": token}
    )

    assert response.status_code == 400
    assert "does not match this case and outcome" in response.content.decode()
    assert_open(case)


def test_the_token_of_another_outcome_closes_nothing(alice_client, case):
    token = token_on(alice_client.get(url(case), {"outcome": "reduced"}).content.decode())

    response = alice_client.post(
        url(case), {"outcome": "stopped", "confirm": "yes", "token": token}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "does not match this case and outcome" in html
    # The page shows the outcome posted, with a token for it: confirming it is a deliberate act.
    assert 'name="outcome" value="stopped"' in html
    assert_open(case)


def test_the_token_of_another_member_closes_nothing(alice, alma_client, case):
    token = confirmation_token(case, alice, "stopped")

    response = alma_client.post(url(case), {"outcome": "stopped", "confirm": "yes", "token": token})

    assert response.status_code == 400
    assert_open(case)


def test_the_token_of_another_case_closes_nothing(alice, alice_client, case, school):
    other = open_case(school=school, by=alice, origin=Origin.PUPIL, conditions={})
    token = token_on(alice_client.get(url(other), {"outcome": "stopped"}).content.decode())

    response = alice_client.post(
        url(case), {"outcome": "stopped", "confirm": "yes", "token": token}
    )

    assert response.status_code == 400
    assert_open(case)
    assert_open(other)


def test_a_token_of_another_purpose_closes_nothing(alice, alice_client, case):
    # The same value signed without the closing's salt: another feature's token never passes.
    token = TimestampSigner().sign(f"{case.pk}:{alice.pk}:stopped")

    response = alice_client.post(
        url(case), {"outcome": "stopped", "confirm": "yes", "token": token}
    )

    assert response.status_code == 400
    assert_open(case)


class _SignedEarlier(TimestampSigner):
    """Signs as the confirmation page did, `seconds` ago."""

    def __init__(self, seconds: int) -> None:
        super().__init__(salt=CONFIRM_SALT)
        self.seconds = seconds

    def timestamp(self) -> str:
        return b62_encode(int(time.time()) - self.seconds)


def test_an_expired_token_closes_nothing_and_says_so(alice, alice_client, case):
    too_old = int(CONFIRM_MAX_AGE.total_seconds()) + 60
    token = _SignedEarlier(too_old).sign(f"{case.pk}:{alice.pk}:stopped")

    response = alice_client.post(
        url(case), {"outcome": "stopped", "confirm": "yes", "token": token}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "This confirmation has expired (after 30 minutes): nothing was closed." in html
    # A fresh token on the page shown again: confirming now closes.
    fresh = token_on(html)
    done = alice_client.post(url(case), {"outcome": "stopped", "confirm": "yes", "token": fresh})
    assert done.status_code == 303


def test_a_token_read_within_the_half_hour_still_closes(alice, alice_client, case):
    token = _SignedEarlier(20 * 60).sign(f"{case.pk}:{alice.pk}:stopped")

    done = alice_client.post(url(case), {"outcome": "stopped", "confirm": "yes", "token": token})

    assert done.status_code == 303


def test_another_school_s_direction_gets_404_even_with_a_token(alice, bob, bob_client, case):
    for token in (
        confirmation_token(case, alice, "stopped"),
        confirmation_token(case, bob, "stopped"),
    ):
        response = bob_client.post(
            url(case), {"outcome": "stopped", "confirm": "yes", "token": token}
        )
        assert response.status_code == 404
    assert bob_client.get(url(case), {"outcome": "stopped"}).status_code == 404
    assert_open(case)
