"""The people of a case (add_person, change_person): pseudonyms in order, the real name written
by the direction alone, audited without the name, never proved."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404

from relais.audit.models import AuditAction, AuditEvent
from relais.cases.models import Case, CasePerson, Origin
from relais.cases.people import _label as label
from relais.cases.services import CaseError, add_person, change_person, close_case, open_case
from relais.proofs.models import ProofEntry


@pytest.fixture
def case(protocol: Any, school: Any, alice: Any) -> Case:
    return open_case(school=school, by=alice, origin=Origin.PUPIL)


def test_people_are_named_elève_a_b_c_in_order(case, alice, erin):
    first = add_person(case=case, by=alice, role="target", real_name="Léa Dupont", class_name="1B")
    second = add_person(case=case, by=erin, role="alleged_author")
    third = add_person(case=case, by=erin, role="witness", class_name=" 2A ")
    assert [first.label, second.label, third.label] == ["Élève A", "Élève B", "Élève C"]
    assert (first.real_name, first.class_name, third.class_name) == ("Léa Dupont", "1B", "2A")


def test_labels_go_on_past_z():
    assert [label(0), label(25), label(26), label(27), label(51), label(52)] == [
        "Élève A",
        "Élève Z",
        "Élève AA",
        "Élève AB",
        "Élève AZ",
        "Élève BA",
    ]


def test_adding_a_person_is_audited_without_the_name_and_not_proved(case, alice):
    proofs = ProofEntry.objects.count()
    add_person(case=case, by=alice, role="target", real_name="Léa Dupont")
    row = AuditEvent.objects.get(action=AuditAction.CASE_PERSON_ADDED)
    assert row.details == {"role": "target"}
    assert ProofEntry.objects.count() == proofs


def test_an_educator_writes_no_real_name(case, erin):
    with pytest.raises(CaseError, match="direction"):
        add_person(case=case, by=erin, role="target", real_name="Léa Dupont")
    assert not CasePerson.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.CASE_PERSON_ADDED).exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"role": "teacher"}, "role"),
        ({"role": "target", "real_name": "x" * 201}, "too long"),
        ({"role": "target", "class_name": "x" * 41}, "too long"),
    ],
)
def test_bad_input_adds_nobody(case, alice, fields, message):
    with pytest.raises(CaseError, match=message):
        add_person(case=case, by=alice, **fields)
    assert not CasePerson.objects.exists()


def test_the_direction_changes_a_name_an_educator_the_class(case, alice, erin):
    person = add_person(case=case, by=erin, role="witness")
    change_person(person=person, by=alice, real_name="Tom Martin", role="alleged_author")
    change_person(person=person, by=erin, class_name="3C")
    person.refresh_from_db()
    assert (person.real_name, person.role, person.class_name) == (
        "Tom Martin",
        "alleged_author",
        "3C",
    )
    assert person.label == "Élève A"
    fields = [
        row.details["fields"]
        for row in AuditEvent.objects.filter(action=AuditAction.CASE_PERSON_CHANGED).order_by("pk")
    ]
    assert fields == [["role", "real_name"], ["class_name"]]


def test_an_educator_changes_no_real_name(case, alice, erin):
    person = add_person(case=case, by=alice, role="target", real_name="Léa Dupont")
    for name in ("Autre Nom", ""):
        with pytest.raises(CaseError, match="direction"):
            change_person(person=person, by=erin, real_name=name)
    person.refresh_from_db()
    assert person.real_name == "Léa Dupont"


def test_outsiders_neither_add_nor_change(case, alice, bob, charlie, dora, remi):
    person = add_person(case=case, by=alice, role="target")
    for user in (bob, charlie, remi):
        with pytest.raises(Http404):
            add_person(case=case, by=user, role="witness")
        with pytest.raises(Http404):
            change_person(person=person, by=user, class_name="1A")
    # dora's association does not follow this case: she does not see it.
    with pytest.raises(Http404):
        add_person(case=case, by=dora, role="witness")
    assert CasePerson.objects.count() == 1


def test_the_association_adds_nobody_to_a_case_it_follows(case, dora):
    from tests.cases.test_record_step import _link_dora

    _link_dora(case)
    with pytest.raises(CaseError, match="school's team"):
        add_person(case=case, by=dora, role="witness")


def test_nobody_is_added_to_a_closed_case(case, alice):
    close_case(case=case, by=alice, outcome="stopped")
    with pytest.raises(CaseError, match="closed"):
        add_person(case=case, by=alice, role="witness")
