"""The outbox worker, as its own process (`relais send_outbox --once`), records what the
authority's server answered to a case's escalation on the case: refused, or unknown when the
worker was killed after the server's "250"; an unknown outcome is not sent again."""

from __future__ import annotations

# ruff: noqa: F811 (the fixtures imported from the escalation tests are parameters here)
import pytest

from relais.audit.models import ActorKind, AuditAction, AuditEvent
from relais.cases.escalations import escalations_for_alert, send_escalation
from relais.cases.services import CaseError
from relais.notices.models import OutboxKind, OutboxMessage, OutboxState
from tests.cases.sweep_support import sweep_packs  # noqa: F401
from tests.cases.test_an_escalation_s_delivery_is_told import section
from tests.cases.test_deadlines_escalation import alert, case, consent  # noqa: F401
from tests.notices.conftest import smtp, worker  # noqa: F401

pytestmark = [pytest.mark.usefixtures("sweep_packs"), pytest.mark.django_db(transaction=True)]


def test_the_worker_records_a_refusal_on_the_case(case, alert, dora, smtp, worker):
    consent(alert)
    smtp.sink.reject = True
    message = send_escalation(case=case, alert=alert, actor=dora)

    done = worker.run()

    assert done.returncode == 0, done.stderr
    message.refresh_from_db()
    assert message.state == OutboxState.FAILED
    [row] = AuditEvent.objects.filter(action=AuditAction.CASE_ESCALATION_FAILED)
    assert (row.object_id, row.actor_kind) == (str(case.pk), ActorKind.SYSTEM)
    assert (row.details["message_id"], row.details["smtp_code"]) == (message.message_id, 550)
    assert "Refusée par le serveur : 550" in section(dora, alert, case)


def test_an_unknown_outcome_is_recorded_and_not_sent_again(case, alert, dora, smtp, worker):
    assert worker.run().returncode == 0  # the school's reminder, queued by the sweep
    consent(alert)
    message = send_escalation(case=case, alert=alert, actor=dora)

    killed = worker.run(fault="after_smtp_accept")
    restarted = worker.run()

    assert killed.returncode == 137, killed.stderr
    assert restarted.returncode == 0, restarted.stderr
    message.refresh_from_db()
    assert message.state == OutboxState.UNKNOWN
    [row] = AuditEvent.objects.filter(action=AuditAction.CASE_ESCALATION_UNKNOWN)
    assert (row.object_id, row.details["message_id"]) == (str(case.pk), message.message_id)
    assert "Issue inconnue" in section(dora, alert, case)
    [shown] = escalations_for_alert(alert)
    assert shown.emails[0].unknown and not shown.sendable
    # The authority may have it: neither the worker nor the case worker sends it again.
    with pytest.raises(CaseError):
        send_escalation(case=case, alert=alert, actor=dora)
    assert worker.run().returncode == 0
    assert len(smtp.sink.with_id(message.message_id)) == 1
    assert OutboxMessage.objects.filter(kind=OutboxKind.ESCALATION).count() == 1
