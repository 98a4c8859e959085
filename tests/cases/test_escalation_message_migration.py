"""Migration cases.0007: the steps escalated before it name the e-mail that carried them, read from
their audit rows `case.escalation_sent` (the case, the steps' keys, the Message-ID); a row whose
e-mail is not in the outbox links nothing; and the database goes back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from relais.cases.models import CaseStep
from relais.notices.models import OutboxMessage
from tests.cases.migration_support import apps_at, latest, migrate

BEFORE = ("cases", "0006_deadline_windows")


@pytest.mark.django_db(transaction=True)
def test_the_sent_escalations_are_linked_to_their_e_mails_and_go_back():
    latest_nodes = latest()
    now = timezone.now()
    try:
        old = apps_at(migrate([BEFORE]), BEFORE)
        school = old.get_model("schools", "School").objects.create(
            name="Athénée Léonie de Waha", code="5678", jurisdiction="be-fwb"
        )
        Case = old.get_model("cases", "Case")
        Step = old.get_model("cases", "CaseStep")
        Message = old.get_model("notices", "OutboxMessage")
        Audit = old.get_model("audit", "AuditEvent")

        def escalated(case, keys, message_id, *, sent_at, in_outbox=True):
            for key in keys:
                Step.objects.filter(case=case, key=key).update(escalation_sent_at=sent_at)
            if in_outbox:
                Message.objects.create(
                    kind="escalation",
                    from_email="Association <relais@localhost>",
                    to_email="po@province.example",
                    subject="Escalade",
                    body="…",
                    message_id=message_id,
                    state="failed",
                )
            Audit.objects.create(
                actor_kind="staff",
                action="case.escalation_sent",
                object_type="cases.case",
                object_id=str(case.pk),
                details={"alert": "x", "steps": keys, "message_id": message_id},
            )

        first, second = (
            Case.objects.create(
                school=school, number=number, protocol="mouscron", origin="pupil", opened_at=now
            )
            for number in ("2026-1", "2026-2")
        )
        for case in (first, second):
            for key in ("hear_target", "measures", "follow_up"):
                Step.objects.create(case=case, key=key, due_at=now - timedelta(days=20))
        escalated(first, ["hear_target", "measures"], "<a@relais>", sent_at=now)
        escalated(second, ["hear_target"], "<gone@relais>", sent_at=now, in_outbox=False)

        migrate(latest_nodes)

        linked = {
            (step.case.number, step.key): step.escalation_message
            for step in CaseStep.objects.select_related("case", "escalation_message")
        }
        a = OutboxMessage.objects.get(message_id="<a@relais>")
        assert linked == {
            ("2026-1", "hear_target"): a,
            ("2026-1", "measures"): a,
            ("2026-1", "follow_up"): None,  # not escalated
            ("2026-2", "hear_target"): None,  # its e-mail is not in the outbox
            ("2026-2", "measures"): None,
            ("2026-2", "follow_up"): None,
        }

        old = apps_at(migrate([BEFORE]), BEFORE)
        sent = old.get_model("cases", "CaseStep").objects.filter(escalation_sent_at__isnull=False)
        assert sent.count() == 3
    finally:
        migrate(latest_nodes)
