"""No note is written to a closed case, by anyone (services.write_note): the school's team and the
association's case worker get CaseError ("Ce dossier est clôturé : …") and nothing is stored or
audited; the school's page shows no note form on a closed case, and its POST answers 400.
Outsiders still get 404, which says nothing of whether the case is closed."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.http import Http404
from django.test import Client
from django.utils import translation

from relais.audit.models import AuditAction, AuditEvent
from relais.cases.models import Case, CaseNote, NoteAudience, Origin
from relais.cases.services import CaseError, close_case, open_case, write_note
from tests.cases.test_record_step import _link_dora
from tests.conftest import login_verified


@pytest.fixture
def case(protocol: Any, school: Any, alice: Any, be_org: Any) -> Case:
    # be_org first: the alert linked below goes to the association that handles the school.
    case = open_case(school=school, by=alice, origin=Origin.PUPIL)
    _link_dora(case)  # the association follows it: both conversations exist
    close_case(case=case, by=alice, outcome="stopped")
    return case


def nothing_written() -> bool:
    return (
        not CaseNote.objects.exists()
        and not AuditEvent.objects.filter(action=AuditAction.CASE_NOTE_WRITTEN).exists()
    )


@pytest.mark.parametrize(
    ("writer", "audience"),
    [
        ("alice", NoteAudience.SCHOOL),
        ("erin", NoteAudience.ASSOCIATION),
        ("dora", NoteAudience.ASSOCIATION),
    ],
)
def test_the_service_refuses_a_note_to_a_closed_case(request, case, writer, audience):
    with translation.override("fr"), pytest.raises(CaseError) as refused:
        write_note(case=case, by=request.getfixturevalue(writer), body="Suivi.", audience=audience)

    assert str(refused.value.message).startswith("Ce dossier est clôturé : ")
    assert nothing_written()


def test_outsiders_still_get_404(case, bob, charlie):
    for user in (bob, charlie):
        with pytest.raises(Http404):
            write_note(case=case, by=user, body="Bonjour", audience="association")
    assert nothing_written()


def test_the_school_s_page_has_no_note_form_and_its_post_stores_nothing(case, alice):
    client = login_verified(Client(), alice)
    page = client.get(f"/school/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert f"/school/cases/{case.pk}/notes/" not in page

    for audience in ("school", "association"):
        response = client.post(
            f"/school/cases/{case.pk}/notes/{audience}/",
            {f"{audience}-body": "Suivi à la rentrée."},
            HTTP_ACCEPT_LANGUAGE="fr",
        )
        assert response.status_code == 400
        # The reason shows in the notes' section, where the page's "what to correct" leads.
        assert "Ce dossier est clôturé" in html.unescape(response.content.decode())
    assert nothing_written()
