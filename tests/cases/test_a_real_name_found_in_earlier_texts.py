"""Texts saved before a real name was known are looked through when the direction writes it
(relais/cases/earlier_texts.py): the direction is sent to a list of the texts that hold it, by
kind and date and never their words, an audit row keeps their count (never the name), and no one
else reaches that list. The search folds spellings exactly as names.py's refusal does."""

from __future__ import annotations

import html
from typing import Any

import pytest

from relais.audit.models import AuditAction, AuditEvent
from relais.cases import earlier_texts
from relais.cases.models import Case, CasePerson, NoteAudience, Origin, PersonRole
from relais.cases.names import people_named_in
from relais.cases.services import (
    add_person,
    change_conditions,
    change_person,
    open_case,
    record_step,
    write_note,
)
from tests.cases.referral_support import refer
from tests.conftest import client_of

erin_client = client_of("erin")

SUMMARY = "Lucas est insulté à la cantine depuis septembre."
NOTE = "Vu la mère de LÙCAS ce matin, elle est inquiète."


@pytest.fixture
def case(school: Any, alice: Any, erin: Any) -> Case:
    """A case whose summary and a note name "Lucas" before anyone wrote it as a real name."""
    case = open_case(
        school=school, by=alice, origin=Origin.PUPIL, conditions={"victim_known": True}
    )
    CasePerson.objects.create(case=case, role=PersonRole.TARGET, label="Élève A")
    change_conditions(case=case, by=alice, summary=SUMMARY, victim_known=True, minor=True)
    write_note(case=case, by=erin, body=NOTE, audience=NoteAudience.SCHOOL)
    return case


def person(case: Case) -> CasePerson:
    return CasePerson.objects.get(case=case, label="Élève A")


def name_it(client: Any, case: Case, real_name: str = "Lucas Dupont") -> Any:
    target = person(case)
    prefix = f"person-{target.pk}"
    return client.post(
        f"/school/cases/{case.pk}/people/{target.pk}/?names=1",
        {f"{prefix}-role": "target", f"{prefix}-class_name": "", f"{prefix}-real_name": real_name},
    )


def texts_url(case: Case) -> str:
    return f"/school/cases/{case.pk}/people/{person(case).pk}/texts/"


def found_rows() -> Any:
    return AuditEvent.objects.filter(action=AuditAction.CASE_NAME_IN_EARLIER_TEXTS)


def test_naming_a_person_lists_the_summary_and_the_note_that_hold_the_name(alice_client, case):
    response = name_it(alice_client, case)

    assert response.status_code == 303
    assert response["Location"] == texts_url(case)
    page = html.unescape(alice_client.get(response["Location"]).content.decode())
    assert "Élève A was changed." in page
    assert "2 texts of the case, written before this real name was known, hold it." in page
    assert "The case's summary" in page and "A note for the school's team only" in page
    assert page.count('class="card earlier-text ') == 2
    # By kind and date: the texts themselves, and the name, are not repeated here.
    assert SUMMARY not in page and NOTE not in page and "Lucas" not in page
    assert f'href="/school/cases/{case.pk}/#about"' in page  # the summary can be changed


def test_the_audit_row_keeps_the_count_and_never_the_name(alice_client, alice, case):
    name_it(alice_client, case)

    row = found_rows().get()
    assert (row.object_id, row.actor) == (str(case.pk), alice)
    assert row.details == {"person": "Élève A", "found": 2, "kinds": ["note", "summary"]}
    assert "Lucas" not in str(row.details) and "Dupont" not in str(row.details)


def test_a_name_in_no_earlier_text_goes_back_to_the_case_and_audits_nothing(alice_client, case):
    response = name_it(alice_client, case, real_name="Inès Moreau")

    assert response.status_code == 303
    assert response["Location"] == f"/school/cases/{case.pk}/#people"
    assert not found_rows().exists()
    page = html.unescape(alice_client.get(texts_url(case)).content.decode())
    assert "No text of the case holds the real name written for “Élève A”." in page


def test_a_person_added_with_a_name_already_written_is_found_too(alice, case):
    change_conditions(case=case, by=alice, summary="Inès D. pleure.", victim_known=True)
    added = add_person(case=case, by=alice, role=PersonRole.WITNESS, real_name="Inès Durand")

    assert [text.kind for text in earlier_texts.texts_naming(case, added)] == ["summary"]
    assert found_rows().get().details["person"] == added.label


def test_steps_and_referral_requests_are_looked_through_too(alice, case, cpms):
    record_step(case=case, key="contact_mediation", value={"text": "Appel pour Dupont"}, by=alice)
    refer(case, alice, cpms, request="Merci de recevoir L. Dupont et sa famille.")
    change_person(person=person(case), by=alice, real_name="Lucas Dupont")

    kinds = [text.kind for text in earlier_texts.texts_naming(case, person(case))]
    assert sorted(kinds) == ["note", "referral", "step", "summary"]
    assert found_rows().get().details["found"] == 4


def test_changing_anything_but_the_name_looks_for_nothing(alice, case):
    change_person(person=person(case), by=alice, real_name="Lucas Dupont")
    change_person(person=person(case), by=alice, class_name="1B")

    assert found_rows().count() == 1


def test_changing_only_the_class_goes_back_to_the_case(alice_client, case):
    """The list was shown when the name was written; a later edit of the class (the name still
    in the form, unchanged) goes back to the case's people, as any other save does."""
    name_it(alice_client, case)
    target = person(case)
    prefix = f"person-{target.pk}"

    response = alice_client.post(
        f"/school/cases/{case.pk}/people/{target.pk}/?names=1",
        {
            f"{prefix}-role": "target",
            f"{prefix}-class_name": "1B",
            f"{prefix}-real_name": "Lucas Dupont",
        },
    )

    assert response.status_code == 303
    assert response["Location"] == f"/school/cases/{case.pk}/#people"
    assert person(case).class_name == "1B"


def test_an_educator_never_reaches_the_list(erin_client, alice, case):
    change_person(person=person(case), by=alice, real_name="Lucas Dupont")

    assert erin_client.get(texts_url(case)).status_code == 404
    page = erin_client.get(f"/school/cases/{case.pk}/?names=1").content.decode()
    assert "/texts/" not in page
    # An educator's change of the person (no name field for them) goes back to the case.
    target = person(case)
    response = erin_client.post(
        f"/school/cases/{case.pk}/people/{target.pk}/",
        {f"person-{target.pk}-role": "target", f"person-{target.pk}-class_name": "1B"},
    )
    assert response["Location"] == f"/school/cases/{case.pk}/#people"


def test_others_get_404(bob_client, charlie_client, alice, case):
    change_person(person=person(case), by=alice, real_name="Lucas Dupont")
    for client in (bob_client, charlie_client):
        assert client.get(texts_url(case)).status_code == 404


def test_the_direction_s_page_links_each_named_person_to_the_list(alice_client, alice, case):
    change_person(person=person(case), by=alice, real_name="Lucas Dupont")

    page = alice_client.get(f"/school/cases/{case.pk}/?names=1").content.decode()
    assert texts_url(case) in page
    assert texts_url(case) not in alice_client.get(f"/school/cases/{case.pk}/").content.decode()


@pytest.mark.parametrize(
    "summary",
    [
        "Entretien avec Dupont Lucas",
        "Entretien avec Lucas\u00a0Dupont",
        "Lucas D. (1B) est insulté",
        "L. Dupont est insulté",
        "DUPONT, Lucas",
        "Lùcas est absent",
        "Les Lucasse ne sont pas concernés.",  # whole words only: not a name
        "D. est absent ; L. aussi.",
        "Élève A est insulté.",
    ],
)
def test_the_search_folds_spellings_as_the_refusal_does(alice, case, summary):
    change_conditions(case=case, by=alice, summary=summary, victim_known=True)
    named = person(case)
    named.real_name = "Lucas Dupont"

    in_summary = [t for t in earlier_texts.texts_naming(case, named) if t.kind == "summary"]
    refused = bool(people_named_in(summary, [("Élève A", "Lucas Dupont")]))
    assert bool(in_summary) == refused
    assert refused == (summary.split()[0] not in {"Les", "D.", "Élève"})
