"""A proposed escalation reaches the school's authority only when a case worker of the alert's
association sends it, with the reporter's consent (relais/cases/escalations.py); everyone else
gets 404 (or the staff pages' 403 for an account that is not a case worker)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from relais.audit.models import AuditAction, AuditEvent
from relais.cases.deadlines import sweep
from relais.cases.escalations import escalations_for_alert, overdue_summary, send_escalation
from relais.cases.models import CasePerson, CaseStep, PersonRole
from relais.cases.services import CaseError
from relais.notices.models import OutboxKind, OutboxMessage
from relais.notices.outbox import send_due
from tests.cases.sweep_support import open_case_at, sweep_packs  # noqa: F401
from tests.cases.test_deadlines import HOUR, OPENED
from tests.conftest import login_verified
from tests.factories import make_alert
from tests.notices.conftest import smtp  # noqa: F401
from tests.query_count import assert_query_count

pytestmark = pytest.mark.usefixtures("sweep_packs")

AUTHORITY = "po@province.example"


@pytest.fixture
def alert(school: Any, be_org: Any) -> Any:
    school.authority = "Pouvoir organisateur de l'Institut"
    school.authority_email = AUTHORITY
    school.save()
    return make_alert(school).alert


@pytest.fixture
def case(school: Any, alert: Any) -> Any:
    """A case gathering the alert, whose steps proposed escalation."""
    case = open_case_at(school, OPENED, "2026-3", alert=alert)
    CasePerson.objects.create(
        case=case, role=PersonRole.TARGET, label="Élève A", real_name="Lucas Vandenberghe"
    )
    sweep(OPENED + timedelta(days=8))
    return case


def consent(alert: Any) -> None:
    alert.consent_escalation = True
    alert.save(update_fields=["consent_escalation"])


def escalations() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(kind=OutboxKind.ESCALATION))


def test_without_the_reporter_s_consent_nothing_is_sent(case, alert, dora):
    with pytest.raises(CaseError) as refused:
        send_escalation(case=case, alert=alert, actor=dora)

    assert "consented" in str(refused.value.message)
    assert escalations() == []
    assert not CaseStep.objects.filter(escalation_sent_at__isnull=False).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.CASE_ESCALATION_SENT).exists()
    [shown] = escalations_for_alert(alert)
    assert not shown.sendable and "consented" in shown.why_not


def test_with_consent_the_escalation_reaches_the_authority_without_names(
    case,
    alert,
    dora,
    be_org,
    smtp,  # noqa: F811
):
    consent(alert)

    send_escalation(case=case, alert=alert, actor=dora)
    assert send_due() == 2  # the school's reminder, and the escalation

    [received] = [m for m in smtp.sink.messages if m["To"] == AUTHORITY]
    assert be_org.name in received["From"]
    text = received.get_body(preferencelist=("plain",)).get_content()
    assert "dossier 2026-3" in text
    assert "Entendre l'élève visé·e — échéance : 4 mars 2026" in text
    assert "Mettre en place des mesures de protection — échéance" in text
    assert "La personne qui a donné l'alerte a accepté que nous vous en informions." in text
    for secret in ("Lucas", "Vandenberghe", "Élève A", alert.description[:30]):
        assert secret not in text
    assert CaseStep.objects.filter(case=case, escalation_sent_at__isnull=False).count() == 2
    row = AuditEvent.objects.get(action=AuditAction.CASE_ESCALATION_SENT)
    assert row.actor == dora
    assert row.details["alert"] == str(alert.pk)
    assert sorted(row.details["steps"]) == ["hear_target", "measures"]


def test_an_escalation_is_sent_once(case, alert, dora):
    consent(alert)
    send_escalation(case=case, alert=alert, actor=dora)

    with pytest.raises(CaseError):
        send_escalation(case=case, alert=alert, actor=dora)

    assert len(escalations()) == 1
    [shown] = escalations_for_alert(alert)
    assert shown.waiting == [] and len(shown.sent) == 2


def test_steps_recorded_meanwhile_are_not_escalated(case, alert, dora):
    consent(alert)
    CaseStep.objects.filter(case=case).update(done_at=OPENED + timedelta(days=8, hours=1))

    with pytest.raises(CaseError):
        send_escalation(case=case, alert=alert, actor=dora)

    assert escalations() == []
    assert escalations_for_alert(alert) == []


def test_the_alert_page_reads_its_escalations_in_two_queries(
    case,
    alert,
    school,
    dora,
    smtp,  # noqa: F811
):
    other = open_case_at(school, OPENED + HOUR, "2026-4", alert=alert)
    sweep(OPENED + timedelta(days=8) + HOUR)
    consent(alert)
    smtp.sink.reject = True
    send_escalation(case=other, alert=alert, actor=dora)
    send_due()

    # The steps with their e-mail and its last reply code, then when the sweep proposed them
    # and the state of the reminder it sent; an e-mail was sent, so a fourth: the audit rows
    # saying which e-mails replaced refused ones (by the case's indexed object id; a subquery
    # cannot match SQLite's UUIDs as text).
    with assert_query_count(4):
        shown = escalations_for_alert(alert)

    assert [e.case for e in shown] == [case, other]
    assert [s.key for s in shown[0].waiting] == ["hear_target", "measures"]
    [refused] = shown[1].emails
    assert (refused.refused, refused.code, refused.steps) == (
        True,
        550,
        ["Hear the pupil targeted", "Put protection measures in place"],
    )
    assert [s.key for s in shown[1].resend] == ["hear_target", "measures"]


def test_the_school_s_case_page_reads_its_overdue_steps(case):
    with assert_query_count(4):  # steps, the sweep's runs, its reminders' states, referrals
        summary = overdue_summary(case, now=OPENED + timedelta(days=8) + HOUR)

    assert [s.key for s in summary.steps] == ["hear_target", "measures"]
    assert all(s.reminded_at and s.escalation_proposed_at for s in summary.steps)
    assert summary.steps[0].title == "Hear the pupil targeted"  # the reader's language


# The view: POST from the case worker's alert page.


def post(user: Any, alert: Any, case: Any) -> Any:
    url = reverse("staff:case_escalate", args=[alert.pk, case.pk])
    return login_verified(Client(), user).post(url)


def test_the_case_worker_sends_it_from_the_alert_page(case, alert, dora):
    consent(alert)

    response = post(dora, alert, case)

    assert response.status_code == 303
    assert response["Location"] == reverse("staff:alert", args=[alert.pk]) + f"#case-{case.pk}"
    assert len(escalations()) == 1


def test_a_refusal_is_said_and_nothing_sent(case, alert, dora):
    response = post(dora, alert, case)

    assert response.status_code == 303
    assert escalations() == []


def test_a_case_worker_of_another_organisation_gets_404(case, alert, charlie):
    consent(alert)

    assert post(charlie, alert, case).status_code == 404
    assert escalations() == []


def test_a_case_of_another_alert_gets_404(case, alert, school, dora):
    consent(alert)
    another = make_alert(school).alert
    open_case_at(school, OPENED, "2026-9", alert=another)

    assert post(dora, another, case).status_code == 404
    assert escalations() == []


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_school_members_are_sent_to_their_own_side(case, alert, who, request):
    consent(alert)
    user = request.getfixturevalue(who)

    response = post(user, alert, case)

    assert (response.status_code, response["Location"]) == (302, "/school/")
    assert escalations() == []


def test_it_answers_only_posts(case, alert, dora):
    url = reverse("staff:case_escalate", args=[alert.pk, case.pk])

    assert login_verified(Client(), dora).get(url).status_code == 405
