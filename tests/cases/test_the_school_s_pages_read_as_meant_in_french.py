"""What a browser walk of the school's side in French found reading wrong, read again through the
pages (Accept-Language: fr):

- pHARe's review, once recorded, reads as an answer ("Pas de résultat — passage à la procédure
  disciplinaire"), not an order; a recorded step says "la famille la voit", not "… une fois
  enregistrée", which stays on a step still to record;
- closing: the closed banner gives its day in words after the sentence; one word, "Issue", for
  the outcome on the form, the confirmation page and its refusals; a POST without any token says
  the confirmation is missing, not that it "does not match"; no outcome chosen is said beside
  the closing form, not as "Rien n'a été enregistré" at the page's top;
- the earlier texts that hold a real name: no "de Élève A" (the wording needs no elision), the
  pseudonym between guillemets with non-breaking spaces, one text said in the singular, "Voir"
  without a pronoun that a note's gender would contradict, and who could read each text by its
  kind: a note only the school's team reads never says the association or a relay read it."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client

from relais.accounts.models import Role
from relais.cases.models import CasePerson, NoteAudience, Origin, PersonRole
from relais.cases.services import (
    change_conditions,
    change_person,
    close_case,
    open_case,
    record_step,
    write_note,
)
from tests.cases.phare_support import reach_the_review
from tests.cases.referral_support import refer
from tests.conftest import login_verified
from tests.factories import SchoolFactory, UserFactory

NBSP = "\u00a0"


def french(user: Any) -> Client:
    return login_verified(Client(HTTP_ACCEPT_LANGUAGE="fr"), user)


def read(response: Any) -> str:
    return html.unescape(response.content.decode())


def section(page: str, anchor: str, end: str = "</section>") -> str:
    return page.split(f'id="{anchor}"')[1].split(end)[0]


@pytest.fixture
def case(school: Any, alice: Any) -> Any:
    return open_case(
        school=school, by=alice, origin=Origin.PUPIL, conditions={"victim_known": True}
    )


def case_url(case: Any, rest: str = "") -> str:
    return f"/school/cases/{case.pk}/{rest}"


# pHARe's review


@pytest.fixture
def hugo(db: Any) -> Any:
    """The head of a French school, which follows pHARe."""
    college = SchoolFactory(name="Collège Jean-Rostand", city="Évreux", jurisdiction="fr")
    return UserFactory(username="hugo", organisation=None, role=Role.DIRECTION, school=college)


def test_the_review_s_answer_reads_as_recorded_and_the_family_sees_it(hugo):
    case = open_case(
        school=hugo.school,
        by=hugo,
        origin=Origin.PUPIL,
        protocol_key="phare",
        conditions={"victim_known": True},
    )
    reach_the_review(case, hugo)
    client = french(hugo)
    before = read(client.get(case_url(case)))
    review = section(before, "step-sc_review", "</li>")
    assert "Les faits ont diminué — poursuite de la méthode" in review
    assert "Pas de résultat — passage à la procédure disciplinaire" in review
    assert "la famille la voit une fois enregistrée" in review  # not recorded yet

    assert client.post(case_url(case, "steps/sc_review/"), {"step-sc_review-choice": "no_result"})

    page = read(client.get(case_url(case)))
    review = section(page, "step-sc_review", '<li class="step')
    assert "Pas de résultat — passage à la procédure disciplinaire" in review
    assert "passer à la procédure" not in review
    assert "la famille la voit" in review and "une fois enregistrée" not in review
    # A step of the new track, still to record, still says when the family will see it.
    assert "la famille la voit une fois enregistrée" in section(
        page, "step-disc_sanctions", "</li>"
    )


# Closing


def test_the_closed_banner_gives_its_day_in_words(alice, case):
    close_case(case=case, by=alice, outcome="stopped", now=datetime(2026, 12, 7, 10, tzinfo=UTC))

    page = read(french(alice).get(case_url(case)))

    flag = page.split('class="closed-flag">')[1].split("</p>")[0]
    assert flag == (
        f"Ce dossier a été clôturé le 7 décembre 2026. Issue{NBSP}: le harcèlement a cessé."
    )


def test_one_word_for_the_outcome_on_the_form_its_confirmation_and_its_refusals(alice, case):
    client = french(alice)
    form = section(read(client.get(case_url(case))), "close")
    confirmation = read(client.get(case_url(case, "close/"), {"outcome": "stopped"}))
    refused = read(
        client.post(
            case_url(case, "close/"), {"outcome": "stopped", "confirm": "yes", "token": "x:y"}
        )
    )

    assert "<legend>Issue</legend>" in form
    assert "Issue choisie" in confirmation
    assert "à cette issue" in refused and "Vérifiez l'issue" in refused
    for text in (form, confirmation, refused):
        assert "résultat" not in text.lower()


def test_a_post_without_any_token_says_the_confirmation_is_missing(alice, case):
    response = french(alice).post(
        case_url(case, "close/"), {"outcome": "stopped", "confirm": "yes"}
    )

    page = read(response)
    assert response.status_code == 400
    assert "La clôture d'un dossier demande la confirmation de cette page" in page
    assert "ne correspond pas" not in page
    case.refresh_from_db()
    assert case.closed_at is None


def test_no_outcome_chosen_is_said_beside_the_closing_form(alice, case):
    client = french(alice)
    form = section(read(client.get(case_url(case))), "close")
    # The form's own anchor: the page sent back lands on the closing form, not the top.
    assert re.search(rf'action="/school/cases/{case.pk}/close/#close"', form)

    response = client.get(case_url(case, "close/"))

    page = read(response)
    assert response.status_code == 400
    assert "Rien n'a été enregistré" not in page
    assert "Choisissez l'issue." in section(page, "close")
    case.refresh_from_db()
    assert case.closed_at is None


def test_an_educator_is_told_nothing_was_closed(erin, case):
    page = read(french(erin).get(case_url(case, "close/")))

    assert "Rien n'a été clôturé. Seule la direction de l'école clôture un dossier." in page


# The earlier texts that hold a real name


def person(case: Any) -> CasePerson:
    return CasePerson.objects.get(case=case, label="Élève A")


def texts_page(alice: Any, case: Any) -> str:
    return read(french(alice).get(case_url(case, f"people/{person(case).pk}/texts/")))


def cards(page: str) -> dict[str, str]:
    """Each text's card by its kind's class."""
    found = re.findall(r'earlier-text-(\w+)">(.*?)</li>', page, flags=re.S)
    return {f"{kind}-{n}": card for n, (kind, card) in enumerate(found)}


@pytest.fixture
def named(alice: Any, case: Any) -> Any:
    CasePerson.objects.create(case=case, role=PersonRole.TARGET, label="Élève A")
    return case


def test_one_text_is_said_in_the_singular_without_de_before_the_pseudonym(alice, named):
    change_conditions(case=named, by=alice, summary="Lucas est insulté.", victim_known=True)
    change_person(person=person(named), by=alice, real_name="Lucas Dupont")

    page = texts_page(alice, named)

    title = f"le vrai nom saisi pour «{NBSP}Élève A{NBSP}»"
    assert f"<h1>Textes antérieurs qui contiennent {title}</h1>" in page
    assert "de Élève A" not in page and "« Élève A »" not in page
    assert f"Si ce texte peut encore être modifié, écrivez «{NBSP}Élève A{NBSP}»" in page
    assert "les lire" not in page
    [card] = cards(page).values()
    assert "Lisible par l'équipe de l'école." in card


def test_each_text_says_who_could_read_it_by_its_kind(alice, erin, named, cpms):
    write_note(case=named, by=erin, body="Lucas pleure.", audience=NoteAudience.SCHOOL)
    write_note(case=named, by=alice, body="Lucas va mieux.", audience=NoteAudience.ASSOCIATION)
    record_step(case=named, key="contact_mediation", value={"text": "Appel Lucas"}, by=alice)
    refer(named, alice, cpms, request="Merci de recevoir Lucas.")
    change_person(person=person(named), by=alice, real_name="Lucas Dupont")

    page = texts_page(alice, named)

    # None of these texts can be changed any more: no advice to change them.
    assert "peut encore être modifié" not in page
    assert "ont pu les lire" not in page and "Le voir" not in page
    by_kind = {key.split("-")[0]: card for key, card in cards(page).items()}
    assert by_kind.keys() == {"note", "step", "referral"} and len(cards(page)) == 4
    school_note, association_note = [c for k, c in cards(page).items() if k.startswith("note")]
    assert "Une note pour l'équipe de l'école seulement" in school_note
    assert "Lisible par l'équipe de l'école." in school_note
    assert "association" not in school_note.replace("l'équipe de l'école seulement", "")
    assert "Lisible par l'équipe de l'école et l'association." in association_note
    assert "Lisible par l'équipe de l'école." in by_kind["step"]
    assert "Lisible par l'équipe de l'école et le service relais." in by_kind["referral"]
    for card in cards(page).values():
        assert "Voir sur la page du dossier" in card
