"""The school's case page names a note's author as the school knows them: its own members by
their username, the association by its name ("Association « Relais démo »"), never a case
worker's username, which means nothing to the school and names a person the association keeps
behind its name. A note by someone of the association side with no organisation reads
"L'association". The association's side, for its part, reads "L'école"
(relais/cases/association.py)."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.test import Client

from relais.accounts.models import Organisation, Role
from relais.cases.models import CaseAlert, CaseNote, NoteAudience, Origin
from relais.cases.services import open_case, write_note
from tests.conftest import login_verified
from tests.factories import UserFactory, make_alert

NBSP = "\u00a0"


@pytest.fixture
def case(be_org: Any, school: Any, alice: Any) -> Any:
    Organisation.objects.filter(pk=be_org.pk).update(name="Relais démo")
    case = open_case(school=school, by=alice, origin=Origin.PUPIL)
    CaseAlert.objects.create(case=case, alert=make_alert(school).alert)
    return case


def notes_read_by(user: Any, case: Any) -> str:
    client = login_verified(Client(HTTP_ACCEPT_LANGUAGE="fr"), user)
    page = html.unescape(client.get(f"/school/cases/{case.pk}/").content.decode())
    return page.split('id="notes"')[1].split('id="evidence"')[0]


def test_the_school_reads_the_association_s_name_not_its_case_worker_s(case, alice, dora):
    write_note(case=case, by=dora, body="Pouvez-vous nous rappeler ?", audience="association")

    notes = notes_read_by(alice, case)

    assert f"Association «{NBSP}Relais démo{NBSP}» · " in notes
    assert "Pouvez-vous nous rappeler ?" in notes
    assert "dora" not in notes


def test_the_school_s_own_members_keep_their_username(case, alice, erin):
    write_note(case=case, by=erin, body="Entretien fait.", audience="school")
    write_note(case=case, by=alice, body="Nous avons reçu les parents.", audience="association")

    notes = notes_read_by(alice, case)

    assert "erin · " in notes
    assert "alice · " in notes
    assert "Association" not in notes.split('id="notes-association"')[1].split("</article>")[0]


def test_a_note_from_the_association_side_without_an_organisation_reads_l_association(case, alice):
    admin = UserFactory(username="admin-plateforme", organisation=None, role=Role.ADMINISTRATOR)
    CaseNote.objects.create(
        case=case, audience=NoteAudience.ASSOCIATION, author=admin, body="Message de la plateforme."
    )

    notes = notes_read_by(alice, case)

    assert "L'association · " in notes
    assert "admin-plateforme" not in notes
