"""A real name lives only in the field the direction alone reads (relais/cases/names.py): every
other text of the case (a referral's request and withdrawal, a step's text, the summary, the
notes of both audiences) is refused with a clear message when it holds a real name of the case,
however it is written, and nothing is stored. The direction is told which word and which
pseudonym; an educator or a case worker is not told which pseudonym a name belongs to."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import translation

from relais.cases import referrals
from relais.cases.models import (
    Case,
    CaseNote,
    CasePerson,
    CaseStep,
    NoteAudience,
    Origin,
    PersonRole,
    Referral,
)
from relais.cases.names import people_named_in, real_names_in
from relais.cases.services import CaseError, change_conditions, open_case, write_note
from relais.notices.models import OutboxMessage
from relais.proofs.models import ProofEntry
from tests.cases.referral_support import REQUEST, refer
from tests.cases.test_record_step import _link_dora
from tests.conftest import client_of

erin_client = client_of("erin")
LUCAS = [("Élève A", "Lucas Dupont")]


@pytest.mark.parametrize(
    "text",
    [
        "Entretien avec Dupont Lucas",
        "Entretien avec Lucas  Dupont",
        "Entretien avec Lucas\u00a0Dupont",
        "Lucas D. (1B) est insulté chaque midi",
        "L. Dupont est insulté",
        "DUPONT, Lucas",
        "lucas a peur",  # a first name alone names a pupil in a school
        "Le petit Dupont",
        "Lùcas est absent",  # accents folded
    ],
)
def test_a_real_name_is_found_however_it_is_written(text):
    [named] = people_named_in(text, LUCAS)
    assert named.label == "Élève A"


@pytest.mark.parametrize(
    "text",
    [
        "Élève A est insulté·e à la cantine (1B).",
        "Les Lucasse ne sont pas concernés.",  # whole words only
        "D. est absent ; L. aussi.",  # initials without a name
    ],
)
def test_a_text_without_the_name_passes(text):
    assert people_named_in(text, LUCAS) == []


def test_a_common_word_of_a_name_counts_only_with_the_rest_of_the_name():
    people = [("Élève B", "Noël Toussaint")]
    assert people_named_in("Rentrée après la Toussaint, à Noël.", people) == []
    for text in ("Toussaint Noël", "Noël T. pleure", "N. Toussaint"):
        assert [named.label for named in people_named_in(text, people)] == ["Élève B"], text


def test_a_particle_alone_is_no_name_but_the_rest_is():
    people = [("Élève C", "Jan Van Damme")]
    assert people_named_in("Le van de l'école", people) == []
    [named] = people_named_in("Damme est arrivé", people)
    assert named.words == ("Damme",)


def test_an_initial_alone_is_never_taken_for_the_pseudonym():
    assert people_named_in("Élève A et Élève D", [("Élève D", "D")]) == []


def test_every_person_named_is_listed_once_in_the_case_s_order(pupil_case):
    CasePerson.objects.filter(case=pupil_case, label="Élève B").update(real_name="Inès Moreau")
    found = real_names_in(pupil_case, "Inès et Lucas", "Moreau")
    assert [(named.label, named.words) for named in found] == [
        ("Élève A", ("Lucas",)),
        ("Élève B", ("Inès", "Moreau")),
    ]


# --- Referrals ----------------------------------------------------------------------------------


def nothing_stored() -> bool:
    return not (Referral.objects.exists() or OutboxMessage.objects.exists()) and (
        ProofEntry.objects.count() == 0
    )


@pytest.fixture
def case(pupil_case: Case) -> Case:
    CasePerson.objects.filter(case=pupil_case, label="Élève A").update(real_name="Lucas Dupont")
    return pupil_case


@pytest.mark.parametrize(
    "request_text",
    [
        "Entretien avec Dupont Lucas",
        "Entretien avec Lucas  Dupont",
        "Entretien avec Lucas\u00a0Dupont",
        "Entretien avec Lucas D. (1B)",
    ],
)
def test_the_direction_s_referral_naming_the_pupil_is_refused_in_french(
    alice_client, case, cpms, request_text
):
    response = alice_client.post(
        f"/school/cases/{case.pk}/refer/{cpms.pk}/",
        {
            "consent_by": "parents",
            "consent_at": (date.today() - timedelta(days=1)).isoformat(),
            "request": request_text,
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "seule la direction lit les vrais noms" in html
    assert "écrivez « Élève A » plutôt que son nom" in html
    assert "Entretien avec" in html  # the form is kept
    assert nothing_stored()


def test_an_educator_is_refused_without_learning_whose_name_it_is(case, erin, cpms):
    with pytest.raises(CaseError) as refused:
        refer(case, erin, cpms, request="Entretien avec Lucas")

    message = str(refused.value.message)
    assert "only the direction reads real names" in message
    assert "Lucas" not in message and "“Élève A” instead" not in message
    assert nothing_stored()


def test_a_withdrawal_naming_the_pupil_is_refused(case, alice, cpms):
    referral = refer(case, alice, cpms)
    with translation.override("fr"), pytest.raises(CaseError) as refused:
        referrals.revoke(referral=referral, reason="Les parents de Dupont refusent.", by=alice)

    assert "« Dupont » : écrivez « Élève A » plutôt que son nom." in str(refused.value.message)
    referral.refresh_from_db()
    assert (referral.state, referral.reason) == ("sent", "")


def test_a_pseudonymised_request_still_goes(case, alice, cpms):
    assert refer(case, alice, cpms, request=REQUEST).request == REQUEST


# --- Steps, summary, notes ----------------------------------------------------------------------


@pytest.fixture
def school_case(school: Any, alice: Any) -> Case:
    """A case on the Mouscron procedure (its text steps), Élève A being Lucas Dupont."""
    case = open_case(
        school=school, by=alice, origin=Origin.PUPIL, conditions={"victim_known": True}
    )
    CasePerson.objects.create(
        case=case, role=PersonRole.TARGET, label="Élève A", real_name="Lucas Dupont"
    )
    return case


def url(case: Case, rest: str) -> str:
    return f"/school/cases/{case.pk}/{rest}"


def test_a_step_s_text_naming_the_pupil_is_refused(alice_client, school_case):
    response = alice_client.post(
        url(school_case, "steps/contact_mediation/"),
        {"step-contact_mediation-text": "Appel au SMSW pour Lucas Dupont."},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.status_code == 400
    assert "écrivez « Élève A » plutôt que son nom" in response.content.decode()
    row = CaseStep.objects.get(case=school_case, key="contact_mediation")
    assert (row.done_at, row.value) == (None, {})


def test_the_summary_naming_the_pupil_is_refused(alice_client, school_case):
    response = alice_client.post(
        url(school_case, "about/"),
        {"victim_known": "on", "minor": "on", "summary": "Lucas est insulté à la cantine."},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.status_code == 400
    assert "« Lucas » : écrivez « Élève A »" in response.content.decode()
    assert Case.objects.get(pk=school_case.pk).summary == ""


@pytest.mark.parametrize("audience", NoteAudience.values)
def test_a_note_naming_the_pupil_is_refused_for_either_audience(erin_client, school_case, audience):
    _link_dora(school_case)  # the conversation with the association is on the page
    response = erin_client.post(
        url(school_case, f"notes/{audience}/"),
        {f"{audience}-body": "Vu la mère de DUPONT ce matin."},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "seule la direction lit les vrais noms" in html
    assert "plutôt que son nom" in html and "« Élève A » plutôt" not in html
    assert "Vu la mère de DUPONT ce matin." in html  # the form is kept, for its writer
    assert not CaseNote.objects.exists()


def test_the_association_s_note_naming_the_pupil_is_refused(school_case, dora):
    _link_dora(school_case)
    with pytest.raises(CaseError, match="only the direction reads real names"):
        write_note(
            case=school_case, by=dora, body="Lucas a rappelé.", audience=NoteAudience.ASSOCIATION
        )
    assert not CaseNote.objects.exists()


def test_texts_with_the_pseudonym_are_kept(school_case, alice, erin):
    change_conditions(case=school_case, by=alice, summary="Élève A est insulté.", minor=True)
    write_note(case=school_case, by=erin, body="Élève A va mieux.", audience="school")
    assert Case.objects.get(pk=school_case.pk).summary == "Élève A est insulté."
    assert CaseNote.objects.get().body == "Élève A va mieux."
