"""The school's home (/school/): its open cases by their next due step, in three lists
(overdue, due soon, to do), its closed cases apart, and the notices it acknowledged that have no
case yet, each with "Open a case"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from relais.cases import listing
from relais.cases.models import Case, CaseStep, Origin, Outcome
from relais.cases.services import close_case, open_case
from relais.notices.models import NoticeState
from relais.protocols.loader import get_protocol
from tests.cases.conftest import acknowledged_notice
from tests.conftest import login_verified
from tests.factories import make_alert


def opened(school, by, **conditions):
    return open_case(school=school, by=by, origin=Origin.PUPIL, conditions=conditions)


def due(case, when):
    """Every open step of the case falls due at `when` (as if opened earlier)."""
    CaseStep.objects.filter(case=case, done_at__isnull=True).update(due_at=when)


def test_open_cases_come_in_three_lists_the_most_urgent_first(alice, alice_client, school):
    now = timezone.now()
    late = opened(school, alice, victim_known=True)
    soon = opened(school, alice, victim_known=True)
    later = opened(school, alice, victim_known=True)
    due(late, now - timedelta(days=2))
    due(soon, now + timedelta(hours=20))
    due(later, now + timedelta(days=20))

    response = alice_client.get("/school/")

    html = response.content.decode()
    assert response.status_code == 200
    overdue, due_soon, to_do = (html.index(f"Case {c.number}") for c in (late, soon, later))
    assert html.index("Overdue") < overdue < html.index("Due soon") < due_soon
    assert due_soon < html.index("To do") < to_do
    assert "3 open cases" in html and "1 overdue" in html and "1 due soon" in html
    # The next due step is named, in words (all fall due together here: the first by key).
    first = CaseStep.objects.filter(case=late).order_by("key").first()
    assert get_protocol(late.protocol).step(first.key).label() in html


def test_closed_cases_are_apart(alice, alice_client, school):
    case = opened(school, alice)
    close_case(case=case, by=alice, outcome=Outcome.STOPPED)

    home = alice_client.get("/school/").content.decode()
    closed = alice_client.get("/school/closed/").content.decode()

    assert f"Case {case.number}" not in home
    assert "/school/closed/" in home
    assert f"Case {case.number}" in closed and "the bullying stopped" in closed


def test_an_acknowledged_notice_without_a_case_offers_to_open_one(
    alice_client, acknowledged, school
):
    acknowledged.acknowledged_at = timezone.now()
    acknowledged.save()
    not_yet = acknowledged_notice(make_alert(school).alert)
    not_yet.state = NoticeState.SENT
    not_yet.save()

    html = alice_client.get("/school/").content.decode()

    assert f"/school/notices/{acknowledged.pk}/open/" in html
    assert f"/school/notices/{not_yet.pk}/open/" not in html
    assert "Open a case" in html


def test_opening_from_the_notice_leads_to_the_case_and_twice_to_the_same(
    alice_client, acknowledged
):
    url = f"/school/notices/{acknowledged.pk}/open/"

    first = alice_client.post(url)
    second = alice_client.post(url)

    case = Case.objects.get()
    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"] == f"/school/cases/{case.pk}/"
    assert case.origin == Origin.NOTICE
    # The notice has its case now: it leaves the list of notices waiting for one.
    assert url not in alice_client.get("/school/").content.decode()


def test_a_notice_not_acknowledged_opens_nothing_and_says_why(alice_client, acknowledged):
    acknowledged.state = NoticeState.SENT
    acknowledged.save()

    response = alice_client.post(f"/school/notices/{acknowledged.pk}/open/")

    assert response.status_code == 400
    assert "once the school acknowledged it" in response.content.decode()
    assert not Case.objects.exists()


def test_another_school_s_notice_is_not_found(bob_client, acknowledged):
    assert bob_client.post(f"/school/notices/{acknowledged.pk}/open/").status_code == 404
    assert not Case.objects.exists()


def test_the_list_is_paginated(alice, alice_client, school, monkeypatch):
    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    cases = [opened(school, alice) for _ in range(3)]

    first = alice_client.get("/school/").content.decode()
    second = alice_client.get("/school/?page=2").content.decode()

    numbers = [f"Case {case.number}<" for case in cases]
    assert sum(n in first for n in numbers) == 2
    assert sum(n in second for n in numbers) == 1
    assert "Page 1 of 2" in first and 'rel="next"' in first


@pytest.mark.parametrize("user", ["dora", "charlie", "remi"])
def test_who_is_not_a_school_s_member_has_no_school_home(user, request):
    client = login_verified(Client(), request.getfixturevalue(user))

    assert client.get("/school/").status_code == 403
    assert client.get("/school/cases/new/").status_code == 403
