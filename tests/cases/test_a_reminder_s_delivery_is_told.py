"""The school's case page says "rappel envoyé le …" only once the school's mail server accepted the
sweep's reminder: before, "rappel en cours d'envoi depuis le …"; refused (or given up), "rappel
du … non remis"; unknown, "remise non confirmée"; and the escalation e-mail to the authority says
the school "en a reçu un rappel" only then (relais/cases/marks.py reads the run's e-mail,
SweepReminder). A school the run did not e-mail is never said to have been reminded.
Through the real sweep, the real outbox and a real SMTP server on loopback."""

from __future__ import annotations

# ruff: noqa: F811 (the fixtures imported from the escalation tests are parameters here)
import html
import re
from datetime import timedelta
from typing import Any

import pytest

from relais.cases.deadlines import sweep
from relais.cases.escalations import send_escalation
from relais.cases.marks import marks_for
from relais.cases.models import CaseStep, DeadlineSweep, SweepReminder
from relais.notices.models import OutboxKind, OutboxMessage, OutboxState
from relais.notices.outbox import send_due
from tests.cases.sweep_support import open_case_at, sweep_packs  # noqa: F401
from tests.cases.test_deadlines import OPENED
from tests.cases.test_deadlines_escalation import alert, consent  # noqa: F401
from tests.cases.test_the_escalation_says_only_what_the_school_was_sent import (
    NOT_REMINDED,
    REMINDED,
)
from tests.factories import SchoolFactory
from tests.notices.conftest import smtp  # noqa: F401

pytestmark = pytest.mark.usefixtures("sweep_packs")

OVERDUE = OPENED + timedelta(days=3, hours=2)  # both steps due from the opening are overdue


def words(client: Any, case: Any) -> str:
    """The step's line as the school reads it, tags dropped."""
    page = client.get(f"/school/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    start = page.index('id="step-hear_target"')
    text = re.sub(r"<[^>]+>", "", page[start : page.index("</li>", start)])
    return html.unescape(re.sub(r"\s+", " ", text))


def test_the_page_says_sent_only_once_the_server_accepted_it(school, alice_client, smtp):
    case = open_case_at(school, OPENED, "2026-1")
    sweep(OVERDUE)

    [link] = SweepReminder.objects.all()
    assert (link.school_id, link.message.kind) == (school.pk, OutboxKind.REMINDER)
    line = words(alice_client, case)
    assert "rappel en cours d'envoi depuis le" in line
    assert "rappel envoyé" not in line

    send_due()

    line = words(alice_client, case)
    assert "rappel envoyé le" in line
    assert "en cours d'envoi" not in line


def test_a_refused_reminder_is_said_not_delivered(school, alice_client, smtp):
    case = open_case_at(school, OPENED, "2026-1")
    sweep(OVERDUE)
    smtp.sink.reject = True

    send_due()

    assert OutboxMessage.objects.get(kind=OutboxKind.REMINDER).state == OutboxState.FAILED
    line = words(alice_client, case)
    assert "rappel du 05/03/2026 non remis" in line
    assert "rappel envoyé" not in line


def test_the_escalation_says_the_school_was_reminded_only_once_its_server_accepted(
    school, alert, dora, smtp
):
    case = open_case_at(school, OPENED, "2026-3", alert=alert)
    sweep(OPENED + timedelta(days=8))
    smtp.sink.reject = True
    send_due()  # the reminder is refused
    smtp.sink.reject = False
    consent(alert)

    send_escalation(case=case, alert=alert, actor=dora)

    body = OutboxMessage.objects.get(kind=OutboxKind.ESCALATION).body
    assert NOT_REMINDED in body
    assert REMINDED not in body


def test_a_reminder_whose_delivery_is_unknown_says_so(school, alice_client):
    case = open_case_at(school, OPENED, "2026-1")
    sweep(OVERDUE)
    # As the outbox leaves it when a worker died between handing it over and the reply.
    OutboxMessage.objects.filter(kind=OutboxKind.REMINDER).update(state=OutboxState.UNKNOWN)

    line = words(alice_client, case)
    assert "rappel du 05/03/2026 : remise non confirmée" in line  # (spaces folded)
    assert "rappel envoyé" not in line


def test_a_step_the_run_did_not_e_mail_is_not_said_reminded(school, alice_client):
    """A step whose moment lands in a window already swept (a late commit, a web server's clock
    far behind): the run e-mailed another school, not this one, and this school's page says
    nothing of a reminder."""
    open_case_at(school, OPENED, "2026-1")
    other = open_case_at(SchoolFactory(), OPENED + timedelta(days=30), "2026-9")
    sweep(OVERDUE)
    CaseStep.objects.filter(case=other, key="hear_target").update(
        due_at=OPENED + timedelta(days=2), remind_at=OPENED + timedelta(days=2)
    )

    assert marks_for(CaseStep.objects.filter(case=other)) == {}


def test_a_run_from_before_the_links_still_reads_as_sent(school, alice_client):
    """Migration cases.0009 marks the runs written before the links as unlinked: their pages say
    "rappel envoyé" as they did, unless the run listed the school as not e-mailed."""
    case = open_case_at(school, OPENED, "2026-1")
    sweep(OVERDUE)
    SweepReminder.objects.all().delete()
    DeadlineSweep.objects.update(linked=False)

    assert "rappel envoyé le" in words(alice_client, case)
    DeadlineSweep.objects.update(unmailed=[str(school.pk)])
    assert "rappel" not in words(alice_client, case)
