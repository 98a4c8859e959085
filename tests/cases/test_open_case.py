"""Opening a case (relais.cases.services.open_case): its number, its protocol and track, a row
per step that applies with its due date, its audit row and proof entry; bad input stores
nothing; only the school's own team (or the association, for its alert) opens one."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.http import Http404

from relais.audit.models import ActorKind, AuditAction, AuditEvent
from relais.cases.models import Case, CaseAlert, CaseStep, Origin
from relais.cases.services import CaseError, open_case
from relais.proofs.entries import event_digest
from relais.proofs.kinds import ProofKind
from relais.proofs.models import ProofEntry
from tests.cases.protocols import KEY
from tests.factories import SchoolFactory, UserFactory, make_alert

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _open(school: Any, by: Any, **kwargs: Any) -> Case:
    return open_case(school=school, by=by, origin=Origin.PUPIL, now=NOW, **kwargs)


def test_a_case_gets_the_next_number_of_its_school_and_year(protocol, school, alice, bob):
    first, second = _open(school, alice), _open(school, alice)
    elsewhere = _open(bob.school, bob)
    assert (first.number, second.number, elsewhere.number) == ("2026-1", "2026-2", "2026-1")


def test_the_number_counts_past_nine_as_numbers_not_as_text(protocol, school, alice):
    for _ in range(10):
        last = _open(school, alice)
    assert last.number == "2026-10"
    assert _open(school, alice).number == "2026-11"


def test_the_year_is_the_school_s_own(protocol, school, alice):
    # 23:30 on 31 December in UTC is already the new year in Brussels.
    case = open_case(
        school=school, by=alice, origin=Origin.PUPIL, now=datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    )
    assert case.number == "2027-1"


def test_a_case_follows_its_jurisdiction_s_default_protocol_from_its_first_track(
    protocol, school, alice
):
    case = _open(school, alice, summary="  Élève A est insulté·e en récréation.  ")
    assert (case.protocol, case.track, case.origin) == (KEY, "concern", Origin.PUPIL)
    assert case.summary == "Élève A est insulté·e en récréation."
    assert (case.opened_at, case.opened_by, case.state) == (NOW, alice, "open")


def test_only_the_steps_that_apply_are_created_with_their_due_dates(protocol, school, alice):
    case = _open(school, alice, conditions={"victim_known": True})
    due = dict(CaseStep.objects.filter(case=case).values_list("key", "due_at"))
    assert due == {
        "hear_target": NOW + timedelta(hours=48),
        "protection": NOW + timedelta(hours=24),
        # After another step: no date until that step is recorded.
        "parents_meeting": None,
        # No delay: no deadline.
        "inform_authority": None,
        "association_call": None,
        "concern_meetings": NOW + timedelta(days=10),
        "review": None,
    }
    # Not for a known pupil (class_session), no danger (police), another track (sanction).
    visible = set(
        CaseStep.objects.filter(case=case, family_visible=True).values_list("key", flat=True)
    )
    assert visible == {"protection"}


def test_an_anonymous_case_has_no_pupil_level_step(protocol, school, alice):
    case = _open(school, alice, conditions={"victim_known": False, "danger": True})
    keys = set(CaseStep.objects.filter(case=case).values_list("key", flat=True))
    assert {"class_session", "police"} <= keys
    assert not {"hear_target", "parents_meeting"} & keys


def test_opening_is_audited_and_proved_in_one_go(protocol, school, alice):
    case = _open(school, alice)
    row = AuditEvent.objects.get(action=AuditAction.CASE_OPENED)
    assert (row.actor, row.actor_kind, row.object_id) == (alice, ActorKind.SCHOOL, str(case.pk))
    entry = ProofEntry.objects.get(kind=ProofKind.CASE_OPENED)
    payload = {
        "case": str(case.pk),
        "school": str(school.pk),
        "protocol": KEY,
        "origin": "pupil",
        "opened_at": NOW.isoformat(),
    }
    assert entry.digest == event_digest(bytes(entry.salt), payload)


def test_an_educator_may_open_a_case(protocol, school, erin):
    assert _open(school, erin).opened_by == erin


def test_a_protocol_may_be_chosen_among_the_jurisdiction_s(protocol, school, alice):
    assert _open(school, alice, protocol_key=KEY).protocol == KEY


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"protocol_key": "no-such-protocol"}, "not one of the school's jurisdiction"),
        ({"conditions": {"victim_known": "yes"}}, "could not be read"),
        ({"conditions": {"famous": True}}, "could not be read"),
        ({"summary": "x" * 10_001}, "too long"),
        ({"origin": Origin.NOTICE}, "from a notice"),
    ],
)
def test_bad_input_opens_nothing(protocol, school, alice, kwargs, message):
    fields = {"school": school, "by": alice, "origin": Origin.PUPIL, **kwargs}
    with pytest.raises(CaseError, match=message):
        open_case(**fields)
    assert not Case.objects.exists()
    assert not CaseStep.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.CASE_OPENED).exists()
    assert not ProofEntry.objects.filter(kind=ProofKind.CASE_OPENED).exists()


def test_a_protocol_of_another_jurisdiction_is_refused(protocol, fr_school):
    head = UserFactory(username="head", organisation=None, role="direction", school=fr_school)
    with pytest.raises(CaseError):
        open_case(school=fr_school, by=head, origin=Origin.PUPIL, protocol_key=KEY)
    assert not Case.objects.exists()


def test_nobody_outside_the_school_opens_one_of_its_cases(
    protocol, school, bob, charlie, dora, remi
):
    for user in (bob, charlie, dora, remi):
        with pytest.raises(Http404):
            _open(school, user)
    assert not Case.objects.exists()


def test_the_association_opens_a_case_for_its_own_alert(protocol, school, dora):
    alert = make_alert(school).alert
    case = open_case(school=school, by=dora, origin=Origin.ASSOCIATION, alert=alert, now=NOW)
    assert CaseAlert.objects.get(case=case).alert == alert
    row = AuditEvent.objects.get(action=AuditAction.CASE_OPENED)
    assert (row.actor, row.actor_kind) == (dora, ActorKind.STAFF)


def test_the_association_opens_nothing_for_another_s_alert_or_without_one(
    protocol, school, dora, charlie, other_school
):
    alert = make_alert(school).alert
    for by, school_, alert_ in (
        (charlie, school, alert),
        (dora, school, None),
        (dora, other_school, alert),
    ):
        with pytest.raises(Http404):
            open_case(school=school_, by=by, origin=Origin.ASSOCIATION, alert=alert_)
    assert not Case.objects.exists()


@pytest.mark.only_on("postgresql")
@pytest.mark.django_db(transaction=True)
def test_two_cases_opened_at_once_get_two_numbers(settings, tmp_path):
    from tests.cases.protocols import packs_with_test_protocol

    settings.JURISDICTION_PACKS_DIR = packs_with_test_protocol(tmp_path / "packs")
    school = SchoolFactory(name="Institut Saint-Henri", city="Mouscron")
    heads = [
        UserFactory(username=f"head{n}", organisation=None, role="direction", school=school)
        for n in range(4)
    ]
    start = threading.Barrier(len(heads))
    errors: list[BaseException] = []

    def open_one(head: Any) -> None:
        try:
            start.wait()
            _open(school, head)
        except BaseException as error:  # reported below, with the test's own assertion
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=open_one, args=(head,)) for head in heads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Case.objects.values_list("number", flat=True))
    assert numbers == ["2026-1", "2026-2", "2026-3", "2026-4"]
