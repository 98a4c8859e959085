"""The escalation e-mail to the school's authority (relais/cases/emails.py `escalation_email`)
says the school was reminded of its overdue steps only when the sweep e-mailed it every one: a
school without an official address saw them on its case page only (relais/cases/marks.py). Its
signature names the association once. Through the real sweep, the real outbox and a real SMTP
server on loopback, which accepts the reminders."""

from __future__ import annotations

# ruff: noqa: F811 (the fixtures imported from the escalation tests are parameters here)
from datetime import timedelta
from typing import Any

import pytest

from relais.cases.deadlines import sweep
from relais.cases.escalations import send_escalation
from relais.notices.models import OutboxKind, OutboxMessage
from relais.notices.outbox import send_due
from tests.cases.sweep_support import open_case_at, sweep_packs  # noqa: F401
from tests.cases.test_deadlines import OPENED
from tests.cases.test_deadlines_escalation import alert, consent  # noqa: F401
from tests.notices.conftest import smtp  # noqa: F401

pytestmark = pytest.mark.usefixtures("sweep_packs", "smtp")

REMINDED = "Ces étapes ont largement dépassé leur échéance, et l'école en a reçu un rappel :"
NOT_REMINDED = (
    "Ces étapes ont largement dépassé leur échéance ; l'école n'en a pas reçu de rappel par "
    "e-mail, mais les voit en retard sur la page du dossier dans Relais :"
)


def escalated(school: Any, alert: Any, dora: Any) -> str:
    """The escalation's body once the sweep reminded and proposed the case's two steps."""
    case = open_case_at(school, OPENED, "2026-3", alert=alert)
    sweep(OPENED + timedelta(days=8))
    send_due()  # the school's server accepts the reminder
    consent(alert)
    send_escalation(case=case, alert=alert, actor=dora)
    return OutboxMessage.objects.get(kind=OutboxKind.ESCALATION).body


def test_a_school_reminded_by_e_mail_is_said_to_have_been(school, alert, dora):
    body = escalated(school, alert, dora)

    assert OutboxMessage.objects.filter(kind=OutboxKind.REMINDER, to_email=school.direction_email)
    assert REMINDED in body
    assert "pas reçu de rappel" not in body


def test_a_school_without_an_address_is_not_said_to_have_been_reminded(school, alert, dora):
    school.direction_email = ""
    school.save(update_fields=["direction_email"])

    body = escalated(school, alert, dora)

    assert not OutboxMessage.objects.filter(kind=OutboxKind.REMINDER).exists()
    assert NOT_REMINDED in body
    assert "en a reçu un rappel" not in body


def test_the_signature_names_the_association_once(school, alert, dora, be_org):
    body = escalated(school, alert, dora)

    signature = body.split("Avec nos salutations,\n", 1)[1].splitlines()
    assert signature[0] == be_org.name
    assert signature.count(be_org.name) == 1
