"""The deadline sweep (relais/cases/deadlines.py): an overdue step reminds the school once, past a
second delay it proposes escalation once, an overdue referral is flagged once; closed cases and
recorded steps are left alone; the reminder reaches a real SMTP server with no name in it; and the
sweep's query count does not grow with the number of cases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from relais.accounts.models import Role
from relais.audit.models import AuditAction, AuditEvent
from relais.cases.deadlines import COMMIT_MARGIN, EPOCH, sweep
from relais.cases.marks import NONE, Marks, marks_for
from relais.cases.models import (
    Case,
    CasePerson,
    CaseState,
    CaseStep,
    ConsentBy,
    DeadlineSweep,
    PersonRole,
    Referral,
    ReferralState,
)
from relais.cases.steps import deadline_fields, new_rows
from relais.directory.models import Service
from relais.notices.models import OutboxKind, OutboxMessage, OutboxState
from relais.notices.outbox import send_due
from relais.protocols.loader import get_protocol
from tests.cases.sweep_support import PROTOCOL, open_case_at, sweep_packs  # noqa: F401
from tests.factories import SchoolFactory, UserFactory
from tests.notices.conftest import smtp  # noqa: F401
from tests.query_count import assert_query_count

pytestmark = pytest.mark.usefixtures("sweep_packs")

OPENED = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # a Monday
HOUR = timedelta(hours=1)


def steps(case: Case) -> dict[str, CaseStep]:
    return {step.key: step for step in CaseStep.objects.filter(case=case)}


def marks(case: Case) -> dict[str, Marks]:
    """When the sweep reminded each step and proposed its escalation, as the pages read it."""
    rows = steps(case)
    found = marks_for(rows.values())
    return {key: found.get(row.pk, NONE) for key, row in rows.items()}


def reminders() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(kind=OutboxKind.REMINDER).order_by("to_email"))


def audits(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def test_nothing_happens_before_a_step_is_due(school):
    open_case_at(school, OPENED, "2026-1")

    report = sweep(OPENED + timedelta(days=2) - HOUR)

    assert (report.reminded, report.emails, report.proposed) == (0, 0, 0)
    assert reminders() == []


def test_an_overdue_step_is_reminded_once(school):
    case = open_case_at(school, OPENED, "2026-1")
    now = OPENED + timedelta(days=2) + HOUR

    report = sweep(now)

    assert (report.reminded, report.emails, report.proposed) == (1, 1, 0)
    assert marks(case)["hear_target"].reminded_at == now
    assert marks(case)["measures"].reminded_at is None  # due in a day
    [message] = reminders()
    assert message.to_email == school.direction_email
    assert message.notice is None
    [row] = audits(AuditAction.CASE_STEP_REMINDED)
    assert (row.object_type, row.object_id) == ("schools.school", str(school.pk))
    assert row.details == {"steps": 1, "emailed": True}
    assert row.actor is None and row.actor_kind == "system"

    again = sweep(now + HOUR)

    assert (again.reminded, again.emails) == (0, 0)
    assert len(reminders()) == 1
    assert len(audits(AuditAction.CASE_STEP_REMINDED)) == 1


def test_a_school_gets_one_e_mail_listing_every_overdue_step(school):
    first = open_case_at(school, OPENED, "2026-1")
    second = open_case_at(school, OPENED + HOUR, "2026-2")
    elsewhere = SchoolFactory(name="École communale du Centre", city="Tournai")
    open_case_at(elsewhere, OPENED, "2026-1")

    report = sweep(OPENED + timedelta(days=3, hours=2))

    assert (report.reminded, report.emails) == (6, 2)
    by_school = {m.to_email: m for m in reminders()}
    body = by_school[school.direction_email].body
    for number in ("2026-1", "2026-2"):
        assert f"Dossier {number} : Entendre l'élève visé·e" in body
        assert f"Dossier {number} : Mettre en place des mesures de protection" in body
    assert "2026-1" in by_school[elsewhere.direction_email].body
    assert "Institut Saint-Henri" not in by_school[elsewhere.direction_email].body
    # One audit row per school, with how many steps it was reminded of.
    rows = audits(AuditAction.CASE_STEP_REMINDED)
    mine = {row.object_id: row.details["steps"] for row in rows}
    assert mine == {str(school.pk): 4, str(elsewhere.pk): 2}
    assert all(marks(case)["measures"].reminded_at for case in (first, second))


def test_closed_cases_and_recorded_steps_are_left_alone(school):
    closed = open_case_at(school, OPENED, "2026-1", state=CaseState.CLOSED)
    recorded = open_case_at(school, OPENED, "2026-2")
    CaseStep.objects.filter(case=recorded).update(done_at=OPENED + HOUR)
    waiting = open_case_at(school, OPENED, "2026-3")
    CaseStep.objects.filter(case=waiting).exclude(key="follow_up").update(done_at=OPENED + HOUR)

    report = sweep(OPENED + timedelta(days=30))

    assert report == type(report)(reminded=0, emails=0, proposed=0, overdue_referrals=0)
    for case in (closed, recorded, waiting):
        assert set(marks(case).values()) == {NONE}


def test_escalation_is_proposed_once_past_the_step_s_second_delay(school):
    case = open_case_at(school, OPENED, "2026-1")
    # measures: due after 3 days, escalation 1 day later (its own delay).
    sweep(OPENED + timedelta(days=4) - HOUR)
    assert marks(case)["measures"].escalation_proposed_at is None

    now = OPENED + timedelta(days=4) + HOUR
    report = sweep(now)

    assert report.proposed == 1
    assert marks(case)["measures"].escalation_proposed_at == now
    # hear_target: due after 2 days, the protocol's 5 days later.
    assert marks(case)["hear_target"].escalation_proposed_at is None
    [row] = audits(AuditAction.CASE_ESCALATION_PROPOSED)
    assert (row.object_id, row.details) == (str(school.pk), {"steps": 1})

    later = OPENED + timedelta(days=7) + HOUR
    assert sweep(later).proposed == 1
    assert marks(case)["hear_target"].escalation_proposed_at == later
    assert marks(case)["measures"].escalation_proposed_at == now  # not rewritten
    assert sweep(later + HOUR).proposed == 0
    assert len(audits(AuditAction.CASE_ESCALATION_PROPOSED)) == 2
    # Nothing goes to the authority: a case worker sends it, with the reporter's consent.
    assert not OutboxMessage.objects.filter(kind=OutboxKind.ESCALATION).exists()


def test_a_step_not_reminded_yet_is_reminded_and_escalated_in_one_sweep(school):
    case = open_case_at(school, OPENED, "2026-1")

    report = sweep(OPENED + timedelta(days=8))

    assert (report.reminded, report.proposed) == (2, 2)
    due = [key for key, step in steps(case).items() if step.due_at]
    assert all(
        marks(case)[key].reminded_at and marks(case)[key].escalation_proposed_at for key in due
    )


def referral(case: Case, service: Service, answer_by: datetime, **fields: Any) -> Referral:
    director = UserFactory(organisation=None, role=Role.DIRECTION, school=case.school)
    return Referral.objects.create(
        case=case,
        service=service,
        consent_by=ConsentBy.PARENTS,
        consent_at=OPENED,
        request="Suivi de l'élève A.",
        referred_by=director,
        sent_at=OPENED,
        answer_by=answer_by,
        **fields,
    )


@pytest.fixture
def pms(db: Any) -> Service:
    return Service.objects.create(
        name="Centre PMS de Mouscron", kind=Service.Kind.PMS, area="Mouscron", jurisdiction="be-fwb"
    )


def test_an_overdue_referral_is_flagged_once(school, pms):
    case = open_case_at(school, OPENED, "2026-1")
    late = referral(case, pms, OPENED + timedelta(days=5))
    answered = referral(case, pms, OPENED + timedelta(days=5), state=ReferralState.ACCEPTED)
    not_yet = referral(case, pms, OPENED + timedelta(days=20))
    closed = open_case_at(school, OPENED, "2026-2", state=CaseState.CLOSED)
    of_closed = referral(closed, pms, OPENED + timedelta(days=5))
    now = OPENED + timedelta(days=6)

    assert sweep(now).overdue_referrals == 1

    late.refresh_from_db()
    assert late.overdue_flagged_at == now
    for other in (answered, not_yet, of_closed):
        other.refresh_from_db()
        assert other.overdue_flagged_at is None
    [row] = audits(AuditAction.REFERRAL_OVERDUE)
    assert (row.object_id, row.details) == (str(case.pk), {"referral": str(late.pk)})
    assert sweep(now + HOUR).overdue_referrals == 0
    assert len(audits(AuditAction.REFERRAL_OVERDUE)) == 1


def test_the_reminder_reaches_the_smtp_server_with_no_name(school, smtp):  # noqa: F811
    case = open_case_at(school, OPENED, "2026-7")
    CasePerson.objects.create(
        case=case, role=PersonRole.TARGET, label="Élève A", real_name="Lucas Vandenberghe"
    )
    case.summary = "Élève A est insulté par Élève B."
    case.save()
    sweep(OPENED + timedelta(days=3, hours=1))

    assert send_due() == 1

    [received] = smtp.sink.messages
    assert received["To"] == school.direction_email
    assert received["Auto-Submitted"] == "auto-generated"
    text = received.get_body(preferencelist=("plain",)).get_content()
    assert "Dossier 2026-7 : Entendre l'élève visé·e — échéance : 4 mars 2026" in text
    assert "Dossier 2026-7 : Mettre en place des mesures de protection" in text
    assert "/school/" in text
    for secret in ("Lucas", "Vandenberghe", "Élève A", "insulté"):
        assert secret not in text
        assert secret not in received["Subject"]


def overdue_cases(count: int, pms: Service) -> None:
    """``count`` cases in as many schools, each with two steps to remind and one to escalate,
    and a referral past its answer date."""
    for n in range(count):
        school = SchoolFactory()
        case = open_case_at(school, OPENED, f"2026-{n}")
        referral(case, pms, OPENED + timedelta(days=1))


# The run: the last run's end, the steps to remind counted by school, the lines the e-mails list,
# their schools, the steps to escalate counted by school, then the run, the e-mails, their links
# to the schools and the audit rows (one INSERT each); the referrals: their ids, then per batch a
# locked read, the update and the audit rows.
SWEEP_QUERIES = 9 + 1 + 3


@pytest.mark.parametrize("count", [3, 30])
def test_the_query_count_does_not_grow_with_the_number_of_cases(count, pms):
    overdue_cases(count, pms)

    with assert_query_count(SWEEP_QUERIES):
        report = sweep(OPENED + timedelta(days=4, hours=1))

    assert (report.reminded, report.emails, report.proposed) == (2 * count, count, count)
    assert report.overdue_referrals == count


def test_a_sweep_with_nothing_to_do_reads_four_times_and_writes_nothing(school):
    open_case_at(school, OPENED, "2026-1")

    with assert_query_count(4):
        sweep(OPENED + HOUR)

    assert not DeadlineSweep.objects.exists()


def test_each_run_starts_where_the_last_one_stopped(school):
    case = open_case_at(school, OPENED, "2026-1")
    first = OPENED + timedelta(days=2) + HOUR
    sweep(first)
    sweep(first + HOUR)  # nothing new: no run written
    second = OPENED + timedelta(days=3) + HOUR
    sweep(second)

    runs = list(DeadlineSweep.objects.order_by("through").values_list("since", "through"))
    assert runs == [(EPOCH, first - COMMIT_MARGIN), (first - COMMIT_MARGIN, second - COMMIT_MARGIN)]
    assert marks(case)["hear_target"].reminded_at == first
    assert marks(case)["measures"].reminded_at == second


def test_a_due_date_set_in_the_past_is_reminded_by_the_next_sweep(school):
    """A step whose due date is already past when it is set (it follows a step recorded long
    ago) is not lost behind a run that has already swept past that date."""
    case = open_case_at(school, OPENED, "2026-1")
    sweep(OPENED + timedelta(days=20))  # runs through day 20
    protocol = get_protocol(PROTOCOL)
    late = OPENED + timedelta(days=10)  # already past on day 21, when it is set
    set_at = OPENED + timedelta(days=21)
    CaseStep.objects.filter(case=case, key="follow_up").update(
        **deadline_fields(protocol, protocol.step("follow_up"), late, now=set_at)
    )
    assert marks(case)["follow_up"].reminded_at is None  # not said to be reminded

    report = sweep(set_at + COMMIT_MARGIN + timedelta(minutes=1))

    assert report.reminded == 1
    assert marks(case)["follow_up"].reminded_at == set_at + COMMIT_MARGIN + timedelta(minutes=1)
    latest = OutboxMessage.objects.filter(kind=OutboxKind.REMINDER).latest("created_at")
    assert "Dossier 2026-1 : Faire le point avec l'élève" in latest.body


def test_a_step_set_by_a_host_whose_clock_is_behind_is_not_said_to_be_reminded(school):
    """A web host whose clock is ten minutes behind the worker's (or a transaction that waited
    that long for its case's lock) adds a step whose due date is already past: its moment to be
    reminded is after the last run's window, never inside it, where no run would ever e-mail it
    while its page said it was reminded."""
    case = open_case_at(school, OPENED, "2026-1")
    swept_at = OPENED + timedelta(days=20)
    sweep(swept_at)  # runs through day 20, minus the margin
    protocol = get_protocol(PROTOCOL)
    CaseStep.objects.filter(case=case, key="follow_up").delete()
    behind = swept_at - timedelta(minutes=10)
    done = {"measures": OPENED + timedelta(days=3)}  # follow_up was due on day 17
    CaseStep.objects.bulk_create(
        new_rows(case, protocol, start=behind, existing={"hear_target", "measures"}, done=done)
    )
    assert marks(case)["follow_up"].reminded_at is None

    report = sweep(swept_at + timedelta(minutes=1))

    assert report.reminded == 1
    assert marks(case)["follow_up"].reminded_at == swept_at + timedelta(minutes=1)
    latest = OutboxMessage.objects.filter(kind=OutboxKind.REMINDER).latest("created_at")
    assert "Dossier 2026-1 : Faire le point avec l'élève" in latest.body


def test_a_reminder_lists_fifty_steps_and_says_how_many_more(school):
    for number in range(60):
        open_case_at(school, OPENED, f"2026-{number:02d}")

    report = sweep(OPENED + timedelta(days=3, hours=2))

    assert (report.reminded, report.emails) == (120, 1)
    [message] = reminders()
    assert message.body.count("- Dossier 2026-") == 50
    assert "- et 70 autres étapes : votre liste de dossiers les montre toutes." in message.body
    assert "120 étapes" in message.subject


def test_a_school_without_an_address_is_not_said_to_have_been_sent_a_reminder(school):
    school.direction_email = ""
    school.save(update_fields=["direction_email"])
    case = open_case_at(school, OPENED, "2026-1")
    other = open_case_at(SchoolFactory(), OPENED, "2026-1")
    now = OPENED + timedelta(days=8)

    report = sweep(now)

    assert (report.reminded, report.emails, report.proposed) == (4, 1, 4)
    # Reminded on its case page only: the page says the step is overdue, not that a reminder
    # was sent; escalation is proposed all the same.
    assert marks(case)["hear_target"] == Marks(None, now)
    assert marks(other)["hear_target"] == Marks(now, now, reminder_state=OutboxState.QUEUED)
    [run] = DeadlineSweep.objects.all()
    assert run.unmailed == [str(school.pk)]
