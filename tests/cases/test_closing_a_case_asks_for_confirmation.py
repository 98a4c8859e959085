"""Closing a case takes two steps, without script: the case page's form asks for a page that
states the outcome chosen and what closing changes (the steps left unrecorded named); only that
page's POST closes. A closed case lists no deadline any more: its open steps show once, as not
done when it was closed. French says "clôturé" of a case, "clôturée" of an alert."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from relais.alerts.workflow import Status as AlertStatus
from relais.cases.models import CaseState, Origin
from relais.cases.services import close_case, open_case, record_step
from tests.cases.sweep_support import overdue_and_swept
from tests.conftest import client_of

erin_client = client_of("erin")


@pytest.fixture
def case(alice, school):
    return open_case(
        school=school, by=alice, origin=Origin.PUPIL, conditions={"victim_known": True}
    )


def url(case, rest: str = "") -> str:
    return f"/school/cases/{case.pk}/{rest}"


def test_the_case_page_s_form_only_asks_for_the_confirmation(alice_client, case):
    html = alice_client.get(url(case)).content.decode()
    form = html.split('id="close"')[1].split("</form>")[0]

    assert 'method="get"' in form and 'name="confirm"' not in form


def test_the_confirmation_states_the_outcome_and_what_closing_changes(alice, alice_client, case):
    record_step(case=case, key="keep_evidence", value={"checked": True}, by=alice)

    response = alice_client.get(url(case, "close/"), {"outcome": "reduced"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Outcome chosen:" in html and "the bullying was reduced" in html
    assert "A closed case is not reopened" in html
    undone = html.split('class="undone"')[1].split("</ul>")[0]
    assert "Support and reassure the pupil" in undone
    assert "Advise the pupil to keep the evidence" not in undone
    assert 'name="confirm" value="yes"' in html and 'name="outcome" value="reduced"' in html
    case.refresh_from_db()
    assert case.state == CaseState.OPEN


def test_a_post_without_the_confirmation_closes_nothing(alice_client, case):
    response = alice_client.post(url(case, "close/"), {"outcome": "stopped"})

    assert response.status_code == 200
    assert "Outcome chosen:" in response.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.OPEN


def test_the_confirmed_post_closes_the_case(alice_client, case):
    html = alice_client.get(url(case, "close/"), {"outcome": "stopped"}).content.decode()
    token = html.split('name="token" value="')[1].split('"')[0]

    response = alice_client.post(
        url(case, "close/"), {"outcome": "stopped", "confirm": "yes", "token": token}
    )

    assert response.status_code == 303
    case.refresh_from_db()
    assert (case.state, case.outcome) == (CaseState.CLOSED, "stopped")


def test_no_outcome_chosen_shows_the_case_again_with_why(alice_client, case):
    response = alice_client.get(url(case, "close/"))

    assert response.status_code == 400
    assert "Choose the outcome." in response.content.decode()


def test_an_educator_gets_no_confirmation_page(erin_client, case):
    response = erin_client.get(url(case, "close/"), {"outcome": "stopped"})

    assert response.status_code == 400
    assert "Only the school&#x27;s direction closes a case." in response.content.decode()


def test_a_closed_case_goes_back_to_its_page(alice, alice_client, case):
    close_case(case=case, by=alice, outcome="stopped")

    response = alice_client.get(url(case, "close/"), {"outcome": "reduced"})

    assert response.status_code == 303 and response["Location"] == url(case)


def test_a_closed_case_lists_no_deadline_only_what_was_not_done(alice, alice_client, case):
    now = timezone.now()
    overdue_and_swept(case, "reassure_pupil", due_at=now - timedelta(days=3))
    record_step(case=case, key="keep_evidence", value={"checked": True}, by=alice)
    close_case(case=case, by=alice, outcome="stopped")

    html = alice_client.get(url(case)).content.decode()
    checklist = html.split('id="checklist"')[1].split("</section>")[0]

    assert "Not done when the case was closed" in checklist
    for gone in ("Overdue", "Due soon", "To do", "overdue since", "due ", "reminder sent on"):
        assert gone not in checklist, gone
    assert "escalation proposed on" not in checklist
    assert 'class="group done"' in checklist and 'id="step-keep_evidence"' in checklist
    not_done = checklist.split('class="group not_done"')[1]
    assert 'id="step-reassure_pupil"' in not_done


def test_french_says_clôturé_of_a_case_and_clôturée_of_an_alert():
    with translation.override("fr"):
        assert str(CaseState.CLOSED.label) == "clôturé"
        assert str(CaseState.OPEN.label) == "ouvert"
        assert str(AlertStatus.CLOSED.label) == "clôturée"
