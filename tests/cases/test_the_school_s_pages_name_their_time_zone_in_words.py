"""Pages that say in which time zone their times are name it in words, as the notices do
("heure de Bruxelles", relais/notices/texts.py `when`), never by its raw identifier
("Europe/Brussels"): the school's home and case page, the association's alert page and its
notice page, in French, Dutch and English."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.test import Client

from relais.accounts.models import Role
from relais.cases.models import Origin
from relais.cases.services import open_case
from tests.cases.conftest import acknowledged_notice
from tests.conftest import login_verified
from tests.factories import UserFactory, make_alert

NBSP = "\u00a0"
SENTENCES = {
    "fr": "Les heures sont données à l'heure de Bruxelles.",
    "nl": "Alle tijden zijn in Brusselse tijd.",
    "en": "Times are given in Brussels time.",
}


def read(user: Any, url: str, language: str = "fr") -> str:
    client = login_verified(Client(HTTP_ACCEPT_LANGUAGE=language), user)
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def head(school: Any) -> Any:
    return UserFactory(username="head", organisation=None, role=Role.DIRECTION, school=school)


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_the_school_s_home_and_case_page_name_brussels_time(head, school, language):
    case = open_case(school=school, by=head, origin=Origin.PUPIL)

    for url in ("/school/", f"/school/cases/{case.pk}/"):
        page = read(head, url, language)
        assert SENTENCES[language] in page
        assert "Europe/Brussels" not in page
        assert "fuseau horaire" not in page


def test_a_french_school_s_page_names_paris_time(fr_school):
    head = UserFactory(username="hugo", organisation=None, role=Role.DIRECTION, school=fr_school)

    page = read(head, "/school/")

    assert "Les heures sont données à l'heure de Paris." in page
    assert "Europe/Paris" not in page


def test_the_association_s_alert_and_notice_pages_name_brussels_time(dora, school):
    alert = make_alert(school).alert
    acknowledged_notice(alert)

    for url in (f"/staff/alerts/{alert.pk}/", f"/staff/notices/alerts/{alert.pk}/"):
        page = read(dora, url)
        assert SENTENCES["fr"] in page
        assert "Europe/Brussels" not in page
