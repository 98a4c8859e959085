"""A case worker, in Chromium with JavaScript on and off, writes facts naming a pupil the alert
never named, sees the send blocked with the kinds in French, removes the name, ticks a word that is
not a name, and sends. Nothing is loaded from another host and the page breaks no CSP rule."""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page

from relais.alerts.services import move_alert
from relais.alerts.workflow import Status
from relais.notices.models import Notice, NoticeState
from tests.conftest import login_verified
from tests.factories import OrganisationFactory, SchoolFactory, UserFactory, make_alert

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.engine_neutral("sqlite")]

FACTS = "Une élève est insultée chaque soir via Pronote et bousculée à la sortie. Mathis la filme."


@pytest.fixture
def alert(transactional_db):
    organisation = OrganisationFactory(
        name="Association", jurisdictions=["be-fwb"], email="contact@asbl.example"
    )
    school = SchoolFactory(name="Institut Saint-Henri", city="Mouscron", code="5432")
    worker = UserFactory(username="alice", organisation=organisation, role="case_worker")
    alert = make_alert(school, description="Léa a été frappée dans la cour.").alert
    return move_alert(alert=alert, to=Status.TRIAGED, actor=worker), worker


def sign_in(page: Page, base: str, worker) -> None:
    client = login_verified(Client(), worker)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": base, "httpOnly": True}]
    )


def test_the_case_worker_removes_a_name_and_confirms_a_word_that_is_not_one(
    page: Page, live_server, alert
):
    alert, worker = alert
    sign_in(page, live_server.url, worker)
    page.goto(f"{live_server.url}/staff/notices/alerts/{alert.pk}/")
    page.fill("textarea[name=facts]", FACTS)
    page.click("button[value=send]")

    blocked = page.inner_text(".redaction-possible-names")
    assert "nom possible : Mathis" in blocked
    assert "nom possible : Pronote" in blocked
    shots = os.environ.get("RELAIS_SCREENSHOTS")
    if shots:
        page.screenshot(path=f"{shots}/notice-not-names.png", full_page=True)

    page.fill("textarea[name=facts]", FACTS.replace(" Mathis la filme.", ""))
    page.check("input[name=not_names][value=Pronote]")
    page.click("button[value=send]")

    assert Notice.objects.get(alert=alert).state == NoticeState.QUEUED
    assert page.recorder.foreign_hosts() == set()  # type: ignore[attr-defined]
    assert page.recorder.csp_violations() == []  # type: ignore[attr-defined]
