"""The parents' leaflet says only what is true (QA finding 7): under "Ce que l'école fait", a
step of the protocol the school has not recorded reads as what the school will do, one it has
recorded as done on its day; "102 — Awel" says it answers in Dutch, as the mailbox's numbers
do; the footer writes its time as the French pages do ("12 h 10"). Read back with pdftotext."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime
from typing import Any

from relais.accounts.models import Role
from relais.cases.closing import close_case
from relais.cases.models import Origin
from relais.cases.services import open_case
from relais.cases.steps import record_step
from tests.conftest import client_of, login_verified
from tests.factories import UserFactory

alice_client = client_of("alice")

OPENED = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def _case(school: Any, alice: Any) -> Any:
    return open_case(
        school=school,
        by=alice,
        origin=Origin.PUPIL,
        conditions={"victim_known": True, "minor": True},
        now=OPENED,
    )


def _leaflet(client: Any, case: Any, tmp_path: Any) -> str:
    response = client.get(f"/school/cases/{case.pk}/leaflet.pdf")
    assert response.status_code == 200
    pdf = tmp_path / "leaflet.pdf"
    pdf.write_bytes(response.content)
    result = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(result.stdout.split())


def test_a_step_not_recorded_reads_as_what_the_school_will_do(
    alice_client, alice, school, tmp_path
):
    text = _leaflet(alice_client, _case(school, alice), tmp_path)

    assert "Le pouvoir organisateur est informé" not in text
    assert "les éducateurs sont prévenus" not in text
    assert "sont informés" not in text
    assert "fait le" not in text
    assert (
        "L'école informera le pouvoir organisateur des démarches entreprises et de l'évolution "
        "de la situation." in text
    )
    assert "Selon la situation, l'école préviendra les éducateurs" in text
    assert "L'école s'assurera que votre enfant a une personne de confiance" in text
    assert "L'école informera le centre PMS et/ou le service de médiation scolaire" in text
    # The procedure's general commitment stays, worded as one (seed 002's own words).
    assert "La direction sera attentive à la sécurité de votre enfant" in text


def test_a_recorded_step_says_the_day_it_was_done(alice_client, alice, school, tmp_path):
    case = _case(school, alice)
    for key, day in (("inform_po", 3), ("warn_educators", 4), ("contact_pms", 2)):
        at = datetime(2026, 12, day, 9, 30, tzinfo=UTC)
        record_step(case=case, key=key, value={"checked": True}, by=alice, now=at)

    text = _leaflet(alice_client, case, tmp_path)

    assert (
        "Le pouvoir organisateur a été informé des démarches entreprises (fait le "
        "3 décembre 2026) ; l'école le tiendra informé de l'évolution de la situation." in text
    )
    assert (
        "Les éducateurs ont été prévenus pour qu'ils soient vigilants sur la cour de récréation "
        "(fait le 4 décembre 2026)." in text
    )
    assert "Le centre PMS a été informé (fait le 2 décembre 2026)" in text
    assert "L'école informera le pouvoir organisateur" not in text
    # Not recorded: still what the school will do.
    assert "L'école s'assurera que votre enfant a une personne de confiance" in text


def test_a_closed_case_s_leaflet_promises_nothing_more(alice_client, alice, school, tmp_path):
    case = _case(school, alice)
    record_step(case=case, key="inform_po", value={"checked": True}, by=alice)
    close_case(case=case, by=alice, outcome="stopped")

    text = _leaflet(alice_client, case, tmp_path)

    assert "Le pouvoir organisateur a été informé" in text
    assert "L'école informera" not in text and "préviendra" not in text
    assert "s'assurera" not in text


def test_awel_says_it_answers_in_dutch_as_on_the_mailbox(alice_client, alice, school, tmp_path):
    text = _leaflet(alice_client, _case(school, alice), tmp_path)

    assert "102 — Awel, écoute pour les jeunes (gratuit, anonyme) (en néerlandais)" in text
    assert "103 — Écoute-Enfants (gratuit, anonyme) (en" not in text  # it speaks French


def test_the_footer_writes_the_time_in_french(alice_client, alice, school, tmp_path):
    case = _case(school, alice)

    text = _leaflet(alice_client, case, tmp_path)

    footer = re.search(r"Document remis par Institut Saint-Henri le (.*?), établi avec", text)
    assert footer is not None, text
    assert re.fullmatch(r"\d{1,2} \w+ \d{4} à \d{1,2} h \d{2} \(heure de Bruxelles\)", footer[1])
    assert not re.search(r"\d:\d\d", text)


def test_a_french_school_s_leaflet_says_its_protection_measures_as_recorded(
    client, fr_school, tmp_path
):
    head = UserFactory(
        username="head.rennes", organisation=None, role=Role.DIRECTION, school=fr_school
    )
    case = open_case(
        school=fr_school,
        by=head,
        origin=Origin.PUPIL,
        conditions={"victim_known": True, "minor": True},
        now=OPENED,
    )
    viewer = login_verified(client, head)

    assert "L'établissement mettra en place des mesures de protection adaptées" in _leaflet(
        viewer, case, tmp_path
    )
    at = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    record_step(case=case, key="protection", value={"text": "Surveillance."}, by=head, now=at)

    text = _leaflet(viewer, case, tmp_path)

    assert "Des mesures de protection ont été mises en place (fait le 2 décembre 2026)." in text
    assert "mettra en place" not in text
