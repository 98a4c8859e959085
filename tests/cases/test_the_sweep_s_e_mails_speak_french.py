"""The overdue-step reminder and the escalation to the school's authority reach French-speaking
schools: their subject and body are French whatever language is active when the sweep or the
case worker writes them (relais/cases/emails.py), with no English word left by a catalogue that
holds an older wording of the message."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import translation

from relais.cases.deadlines import sweep
from relais.cases.escalations import send_escalation
from relais.notices.models import OutboxKind, OutboxMessage
from tests.cases.sweep_support import open_case_at, sweep_packs  # noqa: F401
from tests.cases.test_deadlines import OPENED
from tests.factories import make_alert

pytestmark = pytest.mark.usefixtures("sweep_packs")

ENGLISH = {"overdue", "steps", "step", "case", "cases", "your", "the", "of", "due", "protocol"}


def english_words(text: str) -> set[str]:
    return {word for word in re.findall(r"[a-z]+", text.lower())} & ENGLISH


@pytest.mark.parametrize("active", ["fr", "en"])
def test_the_reminder_and_the_escalation_are_french(school, be_org, dora, active):
    school.authority_email = "po@province.example"
    school.save()
    alert = make_alert(school).alert
    alert.consent_escalation = True
    alert.save(update_fields=["consent_escalation"])
    case = open_case_at(school, OPENED, "2026-3", alert=alert)
    open_case_at(school, OPENED, "2026-4")

    with translation.override(active):
        sweep(OPENED + timedelta(days=8))
        send_escalation(case=case, alert=alert, actor=dora)

    reminder = OutboxMessage.objects.get(kind=OutboxKind.REMINDER)
    assert reminder.subject == "Institut Saint-Henri : 4 étapes de vos dossiers sont en retard"
    escalation = OutboxMessage.objects.get(kind=OutboxKind.ESCALATION)
    assert escalation.subject == (
        "Institut Saint-Henri, dossier 2026-3 : étapes du protocole de l'école en retard"
    )
    for message in (reminder, escalation):
        assert english_words(message.subject) == set(), message.subject
        assert english_words(message.body) == set(), message.body
