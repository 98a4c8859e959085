"""Who sees a case (relais.cases.access), the rule every service and page applies: the school's
own team; the association whose alert the case gathers; a relay while the case is referred to
it. bob (another school), charlie (another organisation) and remi (a relay not referred) get
404, never 403."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone

from relais.cases.access import get_case_for, is_school_side, may_read_names
from relais.cases.models import Case, ConsentBy, Referral, ReferralState
from relais.cases.services import open_from_notice


@pytest.fixture
def case(protocol: Any, acknowledged: Any, alice: Any) -> Case:
    return open_from_notice(notice=acknowledged, by=alice)


def test_the_school_s_team_and_the_association_see_the_case(case, alice, erin, dora):
    for user in (alice, erin, dora):
        assert get_case_for(user, case.pk) == case
    assert (is_school_side(alice, case), is_school_side(erin, case)) == (True, True)
    assert is_school_side(dora, case) is False
    # Real names: the direction alone.
    assert [may_read_names(user, case) for user in (alice, erin, dora)] == [True, False, False]


def test_others_are_told_it_does_not_exist(case, bob, charlie, remi):
    for user in (bob, charlie, remi):
        with pytest.raises(Http404):
            get_case_for(user, case.pk)


def _refer(case: Case, service: Any, by: Any, state: str) -> Referral:
    now = timezone.now()
    return Referral.objects.create(
        case=case,
        service=service,
        state=state,
        consent_by=ConsentBy.PARENTS,
        consent_at=now,
        request="Suivi",
        referred_by=by,
        sent_at=now,
        answer_by=now + timedelta(days=7),
    )


def test_a_relay_sees_the_case_while_it_is_referred_to_it(case, alice, remi, pms):
    referral = _refer(case, pms, alice, ReferralState.SENT)
    assert get_case_for(remi, case.pk) == case
    assert may_read_names(remi, case) is False
    referral.state = ReferralState.REVOKED
    referral.save(update_fields=["state"])
    with pytest.raises(Http404):
        get_case_for(remi, case.pk)
