"""Closing a case (the direction, with an outcome, proved) and gathering one more alert in it
(link_alert: the association for its own alerts, the school through a notice it acknowledged)."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404

from relais.audit.models import ActorKind, AuditAction, AuditEvent
from relais.cases.models import Case, CaseAlert, Origin
from relais.cases.services import CaseError, close_case, link_alert, open_case, open_from_notice
from relais.notices.models import NoticeState
from relais.proofs.entries import event_digest
from relais.proofs.kinds import ProofKind
from relais.proofs.models import ProofEntry
from tests.cases.conftest import acknowledged_notice
from tests.factories import make_alert


@pytest.fixture
def case(protocol: Any, acknowledged: Any, alice: Any) -> Case:
    return open_from_notice(notice=acknowledged, by=alice)


def test_the_direction_closes_with_an_outcome_proved_and_audited(case, alice):
    close_case(case=case, by=alice, outcome="reduced")
    case.refresh_from_db()
    assert (case.state, case.outcome) == ("closed", "reduced")
    assert case.closed_at is not None
    row = AuditEvent.objects.get(action=AuditAction.CASE_CLOSED)
    assert (row.actor, row.actor_kind, row.details) == (
        alice,
        ActorKind.SCHOOL,
        {"kind": "reduced"},
    )
    entry = ProofEntry.objects.get(kind=ProofKind.CASE_CLOSED)
    payload = {"case": str(case.pk), "outcome": "reduced", "closed_at": case.closed_at.isoformat()}
    assert entry.digest == event_digest(bytes(entry.salt), payload)


def test_closing_is_for_the_direction_with_a_known_outcome_once(case, alice, erin):
    for by, outcome, message in (
        (erin, "stopped", "direction"),
        (alice, "forgotten", "how the case ends"),
    ):
        with pytest.raises(CaseError, match=message):
            close_case(case=case, by=by, outcome=outcome)
    close_case(case=case, by=alice, outcome="stopped")
    with pytest.raises(CaseError, match="closed"):
        close_case(case=case, by=alice, outcome="continued")
    case.refresh_from_db()
    assert case.outcome == "stopped"
    assert ProofEntry.objects.filter(kind=ProofKind.CASE_CLOSED).count() == 1


def test_outsiders_close_nothing(case, bob, charlie, dora, remi):
    with pytest.raises(CaseError):
        close_case(case=case, by=dora, outcome="stopped")  # she follows it, but does not close it
    for user in (bob, charlie, remi):
        with pytest.raises(Http404):
            close_case(case=case, by=user, outcome="stopped")
    case.refresh_from_db()
    assert case.state == "open"


def test_the_association_adds_another_of_its_alerts_about_the_school(case, dora, school):
    second = make_alert(school).alert
    link = link_alert(case=case, alert=second, by=dora)
    assert (link.case, link.alert, link.notice) == (case, second, None)
    row = AuditEvent.objects.get(action=AuditAction.CASE_CHANGED)
    assert row.details == {"alert": str(second.pk)}
    with pytest.raises(CaseError, match="already in the case"):
        link_alert(case=case, alert=second, by=dora)


def test_the_association_adds_no_alert_of_another_school(case, dora, other_school):
    with pytest.raises(CaseError, match="another school"):
        link_alert(case=case, alert=make_alert(other_school).alert, by=dora)


def test_the_school_adds_an_alert_through_its_acknowledged_notice(case, alice, school):
    alert = make_alert(school).alert
    with pytest.raises(CaseError, match="through the notice"):
        link_alert(case=case, alert=alert, by=alice)
    notice = acknowledged_notice(alert)
    notice.state = NoticeState.SENT
    notice.save(update_fields=["state"])
    with pytest.raises(CaseError, match="Acknowledge"):
        link_alert(case=case, alert=alert, notice=notice, by=alice)
    notice.state = NoticeState.ACKNOWLEDGED
    notice.save(update_fields=["state"])
    link_alert(case=case, alert=alert, notice=notice, by=alice)
    assert CaseAlert.objects.filter(case=case).count() == 2


def test_a_notice_is_in_one_case_only(case, alice, school, acknowledged, protocol):
    other = open_case(school=school, by=alice, origin=Origin.PUPIL)
    with pytest.raises(CaseError, match="already in a case"):
        link_alert(case=other, alert=acknowledged.alert, notice=acknowledged, by=alice)


def test_outsiders_link_nothing(case, bob, charlie, remi, school):
    alert = make_alert(school).alert
    for user in (bob, charlie, remi):
        with pytest.raises(Http404):
            link_alert(case=case, alert=alert, by=user)
    assert CaseAlert.objects.filter(case=case).count() == 1
