"""pHARe's 15-day review is a choice (`record: choice`): radio buttons, exactly one answer, no
script needed. Two answers or an unknown one are refused (400, nothing stored); the answer
chosen reads in words on the case page; "no result" still moves the case to the disciplinary
track."""

from __future__ import annotations

import pytest

from relais.accounts.models import Role
from relais.audit.models import AuditAction, AuditEvent
from relais.cases.models import CaseStep, Origin
from relais.cases.services import CaseError, open_case, record_step
from tests.cases.phare_support import reach_the_review
from tests.conftest import client_of
from tests.factories import SchoolFactory, UserFactory

hugo_client = client_of("hugo")
bob_client = client_of("bob")
FIELD = "step-sc_review-choice"


@pytest.fixture
def college(db):
    return SchoolFactory(name="Collège Jean-Rostand", city="Évreux", jurisdiction="fr")


@pytest.fixture
def hugo(college):
    """The head of a French school, which follows pHARe."""
    return UserFactory(username="hugo", organisation=None, role=Role.DIRECTION, school=college)


@pytest.fixture
def case(college, hugo):
    """A pHARe case whose review is next: the pupil heard, the first interviews held."""
    case = open_case(
        school=college,
        by=hugo,
        origin=Origin.PUPIL,
        protocol_key="phare",
        conditions={"victim_known": True},
    )
    reach_the_review(case, hugo)
    return case


def review_url(case) -> str:
    return f"/school/cases/{case.pk}/steps/sc_review/"


def review_row(case) -> CaseStep:
    return CaseStep.objects.get(case=case, key="sc_review")


def assert_nothing_stored(case) -> None:
    row = review_row(case)
    assert row.done_at is None and row.value in ({}, None)
    case.refresh_from_db()
    assert case.track == "shared_concern"
    recorded = AuditEvent.objects.filter(action=AuditAction.CASE_STEP_RECORDED)
    assert sorted(row.details["steps"][0] for row in recorded) == ["hear_target", "sc_interviews"]


def test_the_review_asks_one_answer_with_radio_buttons(hugo_client, case):
    html = hugo_client.get(f"/school/cases/{case.pk}/").content.decode()
    review = html.split('id="step-sc_review"')[1].split("</form>")[0]

    assert review.count('type="radio"') == 3 and 'type="checkbox"' not in review
    assert f'name="{FIELD}" value="no_result"' in review
    assert "No result — the case moves to the disciplinary procedure" in review


def test_two_answers_are_refused_and_nothing_is_stored(hugo_client, case):
    response = hugo_client.post(review_url(case), {FIELD: ["stopped", "no_result"]})

    assert response.status_code == 400
    assert "Choose one answer only." in response.content.decode()
    assert_nothing_stored(case)


def test_an_unknown_answer_is_refused_and_nothing_is_stored(hugo_client, case):
    response = hugo_client.post(review_url(case), {FIELD: "solved_by_magic"})

    assert response.status_code == 400
    assert "This answer is not one of this step&#x27;s." in response.content.decode()
    assert_nothing_stored(case)


def test_no_answer_is_refused(hugo_client, case):
    response = hugo_client.post(review_url(case), {})

    assert response.status_code == 400
    assert "Choose one answer." in response.content.decode()
    assert_nothing_stored(case)


@pytest.mark.parametrize(
    "value",
    [
        {"choice": ["stopped", "no_result"]},
        {"choice": "nope"},
        {"choice": ""},
        {"checklist": ["stopped"]},
    ],
)
def test_the_service_refuses_anything_but_one_known_answer(hugo, case, value):
    with pytest.raises(CaseError):
        record_step(case=case, key="sc_review", value=value, by=hugo)
    assert_nothing_stored(case)


def test_no_result_chosen_switches_to_the_disciplinary_track(hugo_client, case):
    response = hugo_client.post(review_url(case), {FIELD: "no_result"})

    assert response.status_code == 303
    assert review_row(case).value == {"choice": "no_result"}
    case.refresh_from_db()
    assert case.track == "disciplinary"
    assert CaseStep.objects.filter(case=case, key="disc_hear_authors").exists()
    html = hugo_client.get(f"/school/cases/{case.pk}/").content.decode()
    review = html.split('id="step-sc_review"')[1].split('<li class="step')[0]
    # The answer chosen reads in words, as the protocol writes it; no "points not covered".
    assert "No result — the case moves to the disciplinary procedure" in review
    assert "Points not covered" not in review and f'name="{FIELD}"' not in review


def test_results_chosen_keep_the_track(hugo_client, case):
    assert hugo_client.post(review_url(case), {FIELD: "reduced"}).status_code == 303
    case.refresh_from_db()
    assert case.track == "shared_concern"


def test_another_school_s_direction_gets_404(bob_client, case):
    assert bob_client.post(review_url(case), {FIELD: "no_result"}).status_code == 404
    assert_nothing_stored(case)
