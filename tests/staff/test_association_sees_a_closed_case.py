"""The association's section of a closed case (relais/cases/association.py, staff/_cases.html)
says that it is closed, on which day and with which outcome, in the words of the school's page,
and lists the steps not recorded at closing ("Non faites à la clôture") with their due dates and
whether escalation had been proposed or sent, where an open case lists its overdue steps. No note
is written to a closed case: the form is gone, and a POST stores nothing (400).

With the deadline sweep's small test protocol (tests/cases/data/sweeptest.yaml): opened on
2 March 2026, "Entendre l'élève visé·e" due on 4 March, "Mettre en place des mesures de
protection" on 5 March, both proposed for escalation by the sweep of 10 March; "Faire le point
avec l'élève" waits for the measures (no due date)."""

from __future__ import annotations

# ruff: noqa: F811 (the fixtures imported from the escalation tests are parameters here)
import re
from datetime import timedelta
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from relais.cases.escalations import send_escalation
from relais.cases.models import CaseNote
from relais.cases.services import close_case, record_step
from relais.notices.outbox import send_due
from tests.cases.sweep_support import sweep_packs  # noqa: F401
from tests.cases.test_deadlines_escalation import alert, case, consent  # noqa: F401
from tests.conftest import login_verified
from tests.notices.conftest import smtp  # noqa: F401
from tests.school_steps import direction_of

pytestmark = pytest.mark.usefixtures("sweep_packs")


@pytest.fixture
def direction(school: Any) -> Any:
    return direction_of(school)


def section(user: Any, alert: Any, case: Any) -> str:
    """The case's section of the alert page, in French, as text with its tags."""
    page = login_verified(Client(), user).get(
        reverse("staff:alert", args=[alert.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert page.status_code == 200
    found = re.search(
        rf'<section class="case" id="case-{case.pk}".*?</section>', page.content.decode(), re.S
    )
    assert found, "no section for the case"
    return unescape(found.group(0))


def words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def not_done(shown: str) -> list[str]:
    found = re.search(r'<ul class="case-steps not-done">(.*?)</ul>', shown, re.S)
    assert found, "no list of the steps not done at closing"
    return [words(item) for item in re.findall(r"<li>(.*?)</li>", found.group(1), re.S)]


def today() -> str:
    return date_format(timezone.localdate(), "j F Y")


def test_a_closed_case_says_so_with_its_day_and_outcome(alice, alert, case, direction):
    record_step(case=case, key="hear_target", value={"checked": True}, by=direction)
    close_case(case=case, by=direction, outcome="stopped")

    shown = section(alice, alert, case)
    text = words(shown)

    assert f"Ce dossier a été clôturé le {today()}. Issue : le harcèlement a cessé." in text
    assert "Étapes en retard" not in text
    assert "Non faites à la clôture" in text
    assert not_done(shown) == [
        "Mettre en place des mesures de protection — échéance 5 mars 2026, "
        "escalade proposée le 10 mars 2026",
        "Faire le point avec l'élève — sans échéance",
    ]
    done = re.search(r'<ul class="case-steps done">(.*?)</ul>', shown, re.S).group(1)
    assert "Entendre l'élève visé·e" in done


def test_an_escalated_step_never_done_stays_listed_as_escalated(
    alice, alert, case, direction, smtp
):
    consent(alert)
    send_escalation(case=case, alert=alert, actor=alice)
    send_due()  # the authority's server accepts it
    close_case(case=case, by=direction, outcome="continued")

    shown = section(alice, alert, case)

    assert "Issue : le harcèlement a continué." in words(shown)
    assert not_done(shown) == [
        f"Entendre l'élève visé·e — échéance 4 mars 2026, escalade envoyée le {today()}",
        f"Mettre en place des mesures de protection — échéance 5 mars 2026, "
        f"escalade envoyée le {today()}",
        "Faire le point avec l'élève — sans échéance",
    ]


def test_an_escalation_the_authority_s_server_did_not_accept_is_said(alice, alert, case, direction):
    consent(alert)
    send_escalation(case=case, alert=alert, actor=alice)  # still in the outbox at closing
    close_case(case=case, by=direction, outcome="continued")

    listed = not_done(section(alice, alert, case))

    assert listed[0] == (
        "Entendre l'élève visé·e — échéance 4 mars 2026, escalade proposée le 10 mars 2026, "
        "e-mail non accepté par le serveur de l'autorité"
    )


def test_a_step_due_after_the_closing_was_never_proposed(alice, alert, case, direction):
    """The sweep leaves a closed case alone: a run after the closing proposes nothing."""
    close_case(case=case, by=direction, outcome="stopped", now=case.opened_at + timedelta(days=1))

    listed = not_done(section(alice, alert, case))

    assert listed[0] == "Entendre l'élève visé·e — échéance 4 mars 2026"


def test_an_open_case_still_lists_its_overdue_steps(alice, alert, case):
    shown = section(alice, alert, case)
    text = words(shown)

    assert "Étapes en retard" in text and "Non faites à la clôture" not in text
    assert "clôturé" not in text
    assert 'class="reply"' in shown


def test_no_note_is_written_to_a_closed_case(alice, alert, case, direction):
    close_case(case=case, by=direction, outcome="stopped")
    assert 'class="reply"' not in section(alice, alert, case)

    url = reverse("staff:case_note", args=[alert.pk, case.pk])
    response = login_verified(Client(), alice).post(
        url, {f"case-{case.pk}-body": "Bonjour, où en êtes-vous ?"}, HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert response.status_code == 400
    assert "Ce dossier est clôturé : " in unescape(response.content.decode())
    assert not CaseNote.objects.exists()


def test_bob_and_charlie_see_no_closed_case(bob, charlie, alert, case, direction):
    close_case(case=case, by=direction, outcome="stopped")
    url = reverse("staff:alert", args=[alert.pk])

    assert login_verified(Client(), bob).get(url).status_code == 404
    assert login_verified(Client(), charlie).get(url).status_code == 403
    note = reverse("staff:case_note", args=[alert.pk, case.pk])
    assert (
        login_verified(Client(), bob).post(note, {f"case-{case.pk}-body": "x"}).status_code == 404
    )
    assert not CaseNote.objects.exists()
