"""Who reaches a referral (relais/cases/access.py, relais/cases/relay_views.py):

- alice (direction of the case's school) refers and withdraws; bob (another school's direction)
  gets 404 for alice's pupil_case, its services' pages and its referrals;
- charlie (a case worker of another organisation) and remi (a relay no case was referred to)
  have no school pages; remi and rita (another service's member) get 404 on a referral that is
  not their service's, and see nothing of a case not referred to them;
- a link opens its own referral only: another referral's link cannot answer this one.
"""

from __future__ import annotations

import pytest
from django.http import Http404
from django.test import Client

from relais.cases import referrals
from relais.cases.access import cases_for, get_case_for
from relais.cases.models import Referral, ReferralState
from relais.cases.services import CaseError
from tests.cases.referral_support import mint_link, refer
from tests.conftest import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(pupil_case, alice, cpms) -> Referral:
    return refer(pupil_case, alice, cpms)


def school_urls(pupil_case, referral, service) -> list[str]:
    return [
        f"/school/directory/?case={pupil_case.pk}",
        f"/school/cases/{pupil_case.pk}/refer/{service.pk}/",
        f"/school/cases/{pupil_case.pk}/referrals/{referral.pk}/revoke/",
    ]


def test_another_school_s_direction_gets_404_for_everything(bob, pupil_case, referral, psy):
    client = login_verified(Client(), bob)
    for url in school_urls(pupil_case, referral, psy):
        assert client.get(url).status_code == 404, url
    post = {"consent_by": "parents", "consent_at": "2026-01-10", "request": "x", "reason": "x"}
    for url in school_urls(pupil_case, referral, psy)[1:]:
        assert client.post(url, post).status_code == 404, url
    assert Referral.objects.get().state == ReferralState.SENT
    assert Referral.objects.count() == 1
    # bob's own directory works, for his own school.
    assert client.get("/school/directory/").status_code == 200


def test_a_referral_of_another_case_is_not_found_under_this_one(
    alice, pupil_case, referral, school
):
    from tests.cases.referral_support import open_case

    other = open_case(school, alice, number="2026-2")
    client = login_verified(Client(), alice)
    url = f"/school/cases/{other.pk}/referrals/{referral.pk}/revoke/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "x"}).status_code == 404
    assert Referral.objects.get().state == ReferralState.SENT


@pytest.mark.parametrize("who", ["charlie", "remi", "rita"])
def test_who_is_not_of_a_school_has_no_school_pages(request, who, pupil_case, referral, cpms):
    client = login_verified(Client(), request.getfixturevalue(who))
    for url in ["/school/directory/", *school_urls(pupil_case, referral, cpms)]:
        assert client.get(url).status_code in (403, 404), url
    assert Referral.objects.get().state == ReferralState.SENT


def test_a_relay_not_referred_sees_nothing_of_the_case(remi, pupil_case, referral):
    client = login_verified(Client(), remi)
    assert client.get(f"/relay/{referral.pk}/").status_code == 404
    assert client.post(f"/relay/{referral.pk}/", {"action": "accept"}).status_code == 404
    assert str(referral.pk) not in client.get("/relay/").content.decode()
    assert pupil_case.number not in client.get("/relay/").content.decode()
    assert not cases_for(remi).exists()
    with pytest.raises(Http404):
        get_case_for(remi, pupil_case.pk)
    assert client.get(f"/school/cases/{pupil_case.pk}/").status_code in (403, 404)
    with pytest.raises(CaseError):
        referrals.answer(referral=referral, accept=True, by_link_or_user=remi)
    assert Referral.objects.get().state == ReferralState.SENT


def test_the_referred_relay_sees_the_case_until_the_school_withdraws(
    rita, alice, pupil_case, referral
):
    assert get_case_for(rita, pupil_case.pk) == pupil_case
    referrals.revoke(referral=referral, reason="Erreur.", by=alice)
    assert not cases_for(rita).exists()


def test_another_service_s_member_gets_404_on_this_referral(pupil_case, alice, cpms, psy):
    from relais.accounts.models import Role
    from tests.factories import UserFactory

    theirs = refer(pupil_case, alice, psy)
    mine = refer(pupil_case, alice, cpms)
    paula = UserFactory(username="paula", organisation=None, role=Role.RELAY, service=psy)
    client = login_verified(Client(), paula)
    assert client.get(f"/relay/{mine.pk}/").status_code == 404
    assert client.post(f"/relay/{mine.pk}/", {"action": "accept"}).status_code == 404
    assert client.get(f"/relay/{theirs.pk}/").status_code == 200
    assert Referral.objects.get(pk=mine.pk).state == ReferralState.SENT


def test_another_referral_s_link_cannot_answer_this_one(pupil_case, alice, cpms, psy):
    theirs = refer(pupil_case, alice, psy)
    mine = refer(pupil_case, alice, cpms)
    their_link = referrals.link_for_token(mint_link(theirs))
    with pytest.raises(CaseError, match="does not open this referral"):
        referrals.answer(referral=mine, accept=True, by_link_or_user=their_link)
    # A link opens its own referral only: with it, the account pages stay closed.
    client = Client()
    token = mint_link(theirs)
    response = client.post(f"/relay/{mine.pk}/", {"t": token, "action": "accept"})
    assert response.status_code == 302 and "/staff/login/" in response["Location"]
    page = client.get("/relay/", {"t": token}).content.decode()
    assert psy.name in page and cpms.name not in page
    assert Referral.objects.get(pk=mine.pk).state == ReferralState.SENT


def test_without_an_account_nor_a_link_the_relay_pages_ask_to_sign_in(client, referral):
    for url in ("/relay/", f"/relay/{referral.pk}/", "/school/directory/"):
        response = client.get(url)
        assert response.status_code == 302 and "/staff/login/" in response["Location"], url
    assert client.post("/relay/", {"action": "accept"}).status_code == 404
