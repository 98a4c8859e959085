"""Migration cases.0010: an open pHARe case's 15-day review, whose due date was counted from the
opening, has none while the first interviews are not recorded (the school cannot record the
review yet, so nothing reminds or escalates it), and is due 15 days after them otherwise."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from relais.cases.models import CaseStep
from tests.cases.migration_support import apps_at, latest, migrate

BEFORE = ("cases", "0009_deadlinesweep_linked")


@pytest.mark.django_db(transaction=True)
def test_the_review_is_due_from_the_interviews():
    latest_nodes = latest()
    now = timezone.now()
    opened = now - timedelta(days=20)
    try:
        old = apps_at(migrate([BEFORE]), BEFORE)
        school = old.get_model("schools", "School").objects.create(
            name="Collège Jean-Rostand", code="0270001A", jurisdiction="fr"
        )
        Case, Step = old.get_model("cases", "Case"), old.get_model("cases", "CaseStep")
        due = opened + timedelta(days=15)  # from the opening, as before
        for number, interviewed in (("2026-1", None), ("2026-2", now - timedelta(days=3))):
            case = Case.objects.create(
                school=school, number=number, protocol="phare", origin="pupil", opened_at=opened
            )
            Step.objects.create(case=case, key="sc_interviews", done_at=interviewed)
            Step.objects.create(
                case=case, key="sc_review", due_at=due, remind_at=due, escalate_at=due
            )

        migrate(latest_nodes)

        waiting = CaseStep.objects.get(case__number="2026-1", key="sc_review")
        assert (waiting.due_at, waiting.remind_at, waiting.escalate_at) == (None, None, None)
        review = CaseStep.objects.get(case__number="2026-2", key="sc_review")
        assert review.due_at == now - timedelta(days=3) + timedelta(days=15)
        assert review.remind_at == review.due_at
        assert review.escalate_at == review.due_at + timedelta(days=7)
    finally:
        migrate(latest_nodes)
