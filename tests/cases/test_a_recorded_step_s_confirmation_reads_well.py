"""The confirmation after recording a step (relais/cases/case_views.py): no stop after a title that
ends in a question mark, and, when the answer moved the case to another track, which one. The
earlier-texts page advises writing the label instead of the name only where a text can still be
changed."""

from __future__ import annotations

# ruff: noqa: F811 (the fixtures imported from the choice-step tests are parameters here)
import html

import pytest

from relais.cases.models import CasePerson, NoteAudience, PersonRole
from relais.cases.services import write_note
from tests.cases.test_a_choice_step_records_one_answer import (  # noqa: F401
    FIELD,
    case,
    college,
    hugo,
    hugo_client,
    review_url,
)


def confirmation(client, case, answer: str) -> str:
    response = client.post(
        review_url(case), {FIELD: answer}, HTTP_ACCEPT_LANGUAGE="fr", follow=True
    )
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    start = page.index("Enregistré : ")
    return page[start : page.index("<", start)]


def test_a_question_is_not_followed_by_a_stop(hugo_client, case):
    text = confirmation(hugo_client, case, "stopped")

    assert text.strip() == (
        "Enregistré : Bilan à 15 jours : la préoccupation partagée montre-t-elle des résultats ?"
    )


def test_a_track_switch_says_where_the_case_goes(hugo_client, case):
    text = confirmation(hugo_client, case, "no_result")

    assert text.strip() == (
        "Enregistré : Bilan à 15 jours : la préoccupation partagée montre-t-elle des résultats ? "
        "Le dossier passe au parcours : Procédure disciplinaire."
    )
    case.refresh_from_db()
    assert case.track == "disciplinary"


@pytest.mark.usefixtures("college")
def test_the_advice_to_change_a_text_needs_a_text_that_can_be(hugo_client, hugo, case):
    """A note stays as written: with only notes holding the name, there is nothing to change."""
    person = CasePerson.objects.create(case=case, role=PersonRole.TARGET, label="Élève A")
    write_note(case=case, by=hugo, body="Vu Lucas ce matin.", audience=NoteAudience.SCHOOL)
    prefix = f"person-{person.pk}"
    response = hugo_client.post(
        f"/school/cases/{case.pk}/people/{person.pk}/?names=1",
        {f"{prefix}-role": "target", f"{prefix}-class_name": "", f"{prefix}-real_name": "Lucas"},
        HTTP_ACCEPT_LANGUAGE="fr",
        follow=True,
    )

    page = html.unescape(response.content.decode())
    assert "1 texte du dossier" in page
    assert "Une note reste telle qu'elle a été écrite" in page
    assert "peut encore être modifié" not in page
