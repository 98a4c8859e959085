"""Opening the case of an acknowledged notice (relais.cases.services.open_from_notice): only the
notice's own school, only once acknowledged, once per notice (a second opening shows the first
case, with no second proof), and what the notice tells of the case."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from django.http import Http404

from relais.alerts.services import set_consent
from relais.audit.models import AuditAction, AuditEvent
from relais.cases.models import Case, CaseAlert, CaseStep, Origin
from relais.cases.services import CaseError, open_from_notice
from relais.notices.models import NoticeState
from relais.proofs.kinds import ProofKind
from relais.proofs.models import ProofEntry
from tests.cases.conftest import acknowledged_notice
from tests.factories import OrganisationFactory, SchoolFactory, UserFactory, make_alert


def _proofs() -> int:
    return ProofEntry.objects.filter(kind=ProofKind.CASE_OPENED).count()


def test_the_school_opens_the_case_of_its_acknowledged_notice(protocol, acknowledged, alice):
    case = open_from_notice(notice=acknowledged, by=alice)
    assert case.origin == Origin.NOTICE
    link = CaseAlert.objects.get(case=case)
    assert (link.alert, link.notice) == (acknowledged.alert, acknowledged)
    assert _proofs() == 1


def test_an_anonymous_notice_gives_a_case_with_class_level_measures_only(
    protocol, acknowledged, alice
):
    case = open_from_notice(notice=acknowledged, by=alice)
    assert case.victim_known is False
    keys = set(CaseStep.objects.filter(case=case).values_list("key", flat=True))
    assert "class_session" in keys
    assert not {"hear_target", "parents_meeting"} & keys


@pytest.mark.parametrize(
    ("role", "reveal", "known"),
    [
        ("victim", True, True),
        ("parent", True, True),
        # A witness who gives their own name does not name the pupil.
        ("witness", True, False),
        ("victim", False, False),
    ],
)
def test_the_pupil_is_known_when_they_or_their_parent_agreed_to_be_named(
    protocol, be_org, school, alice, role, reveal, known
):
    alert = make_alert(school, reporter_role=role).alert
    if reveal:
        set_consent(alert=alert, escalation=False, reveal_identity=True, name="X", contact="x@y.be")
    case = open_from_notice(notice=acknowledged_notice(alert), by=alice)
    assert case.victim_known is known
    assert CaseStep.objects.filter(case=case, key="hear_target").exists() is known


def test_danger_and_intimate_images_come_from_the_alert(protocol, be_org, school, alice):
    alert = make_alert(
        school, immediate_danger=True, categories=["harcelement", "images_intimes"]
    ).alert
    case = open_from_notice(notice=acknowledged_notice(alert), by=alice)
    assert (case.danger, case.intimate_images) == (True, True)
    assert CaseStep.objects.filter(case=case, key="police").exists()


def test_opening_twice_shows_the_first_case(protocol, acknowledged, alice, erin):
    first = open_from_notice(notice=acknowledged, by=alice)
    again = open_from_notice(notice=acknowledged, by=erin)
    assert again.pk == first.pk
    assert Case.objects.count() == 1
    assert _proofs() == 1
    assert AuditEvent.objects.filter(action=AuditAction.CASE_OPENED).count() == 1


@pytest.mark.parametrize("state", [NoticeState.DRAFT, NoticeState.QUEUED, NoticeState.SENT])
def test_a_notice_not_acknowledged_opens_nothing(protocol, acknowledged, alice, state):
    acknowledged.state = state
    acknowledged.save(update_fields=["state"])
    with pytest.raises(CaseError, match="acknowledged"):
        open_from_notice(notice=acknowledged, by=alice)
    assert not Case.objects.exists()
    assert _proofs() == 0


def test_another_school_s_notice_is_not_found(protocol, acknowledged, bob, charlie, dora, remi):
    for user in (bob, charlie, dora, remi):
        with pytest.raises(Http404):
            open_from_notice(notice=acknowledged, by=user)
    assert not Case.objects.exists()


def test_the_case_of_another_school_s_notice_is_not_shown_either(
    protocol, acknowledged, alice, bob
):
    open_from_notice(notice=acknowledged, by=alice)
    with pytest.raises(Http404):
        open_from_notice(notice=acknowledged, by=bob)


@pytest.mark.only_on("postgresql")
@pytest.mark.django_db(transaction=True)
def test_two_members_opening_one_notice_at_once_make_one_case(settings, tmp_path):
    from tests.cases.protocols import packs_with_test_protocol

    settings.JURISDICTION_PACKS_DIR = packs_with_test_protocol(tmp_path / "packs")
    OrganisationFactory(jurisdictions=["be-fwb"])
    school = SchoolFactory(name="Institut Saint-Henri", city="Mouscron")
    notice = acknowledged_notice(make_alert(school).alert)
    members = [
        UserFactory(username=f"member{n}", organisation=None, role="direction", school=school)
        for n in range(3)
    ]
    start = threading.Barrier(len(members))
    opened: list[Any] = []
    errors: list[BaseException] = []

    def open_it(member: Any) -> None:
        try:
            start.wait()
            opened.append(open_from_notice(notice=notice, by=member).pk)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=open_it, args=(member,)) for member in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(opened)) == 1
    assert Case.objects.count() == 1
    assert _proofs() == 1
