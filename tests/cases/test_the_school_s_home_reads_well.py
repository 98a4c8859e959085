"""The school's home in words a head reads at a glance: its title fits any school's name, the
counts sentence puts its colon where French wants it and stands out only when something is
overdue."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from relais.cases.models import CaseStep, Origin
from relais.cases.services import open_case
from tests.conftest import login_verified


def counts(html: str) -> str:
    return html.split('<p class="counts">')[1].split("</p>")[0]


def test_the_title_names_the_school_whatever_its_name(alice_client, school):
    html = alice_client.get("/school/").content.decode()

    assert f"<h1>Cases — {school.name}</h1>" in html


def test_no_overdue_case_is_not_emphasised(alice, alice_client, school):
    open_case(school=school, by=alice, origin=Origin.PUPIL)

    line = counts(alice_client.get("/school/").content.decode())

    assert "1 open case: 0 overdue" in line
    assert "<strong" not in line


def test_an_overdue_case_stands_out(alice, alice_client, school):
    case = open_case(school=school, by=alice, origin=Origin.PUPIL)
    CaseStep.objects.filter(case=case).update(due_at=timezone.now() - timedelta(days=1))

    line = counts(alice_client.get("/school/").content.decode())

    assert '<strong class="overdue-text">1 overdue</strong>' in line


def test_in_french_the_colon_has_its_space_and_the_title_its_dash(alice, school):
    open_case(school=school, by=alice, origin=Origin.PUPIL)
    client = login_verified(Client(HTTP_ACCEPT_LANGUAGE="fr"), alice)

    html = client.get("/school/").content.decode()

    assert "1 dossier ouvert\u00a0: 0 en retard" in counts(html)
    assert f"<h1>Dossiers — {school.name}</h1>" in html
