"""Notes (write_note): the school writes for itself or with the association; the association
writes to the school only; audited without the text."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404

from relais.audit.models import AuditAction, AuditEvent
from relais.cases.models import Case, CaseNote, NoteAudience, Origin
from relais.cases.services import CaseError, close_case, open_case, write_note
from tests.cases.test_record_step import _link_dora


@pytest.fixture
def case(protocol: Any, school: Any, alice: Any) -> Case:
    return open_case(school=school, by=alice, origin=Origin.PUPIL)


@pytest.mark.parametrize("audience", [NoteAudience.SCHOOL, NoteAudience.ASSOCIATION])
def test_the_school_writes_for_either_audience(case, erin, audience):
    note = write_note(case=case, by=erin, body="  Entretien fait.  ", audience=audience)
    assert (note.body, note.audience, note.author) == ("Entretien fait.", audience, erin)
    row = AuditEvent.objects.get(action=AuditAction.CASE_NOTE_WRITTEN)
    assert row.details == {"kind": audience}
    assert "Entretien" not in str(row.details)


def test_the_association_writes_to_the_school_only(case, dora):
    _link_dora(case)
    write_note(case=case, by=dora, body="Pouvez-vous nous rappeler ?", audience="association")
    with pytest.raises(CaseError, match="association only"):
        write_note(case=case, by=dora, body="Note interne", audience="school")
    assert CaseNote.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "audience", "message"),
    [
        ("   ", "school", "Write the note"),
        ("x" * 10_001, "school", "too long"),
        ("Texte", "everyone", "who reads"),
    ],
)
def test_bad_notes_are_refused(case, alice, body, audience, message):
    with pytest.raises(CaseError, match=message):
        write_note(case=case, by=alice, body=body, audience=audience)
    assert not CaseNote.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.CASE_NOTE_WRITTEN).exists()


def test_outsiders_write_nothing(case, bob, charlie, dora, remi):
    for user in (bob, charlie, dora, remi):
        with pytest.raises(Http404):
            write_note(case=case, by=user, body="Bonjour", audience="association")
    assert not CaseNote.objects.exists()


def test_no_note_is_written_after_the_case_is_closed(case, alice):
    # tests/cases/test_no_note_is_written_to_a_closed_case.py: every writer, and the pages.
    close_case(case=case, by=alice, outcome="stopped")
    with pytest.raises(CaseError, match="closed"):
        write_note(case=case, by=alice, body="Suivi à la rentrée.", audience="association")
    assert not CaseNote.objects.exists()
