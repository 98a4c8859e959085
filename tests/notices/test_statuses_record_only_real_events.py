"""The statuses "notice sent" and "acknowledged by the school" record events: the SMTP server's
acceptance of the notice, and the school's acknowledgment. Each is reached by its event, in the
transaction that writes the event's proof entry, and never by a case worker's hand (the move
form and move_alert refuse it: tests/staff/test_workflow.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from relais.alerts.services import move_alert
from relais.alerts.workflow import Status
from relais.audit.models import AuditEvent
from relais.notices.models import NoticeState
from relais.notices.outbox import send_due
from relais.proofs.models import ProofEntry
from tests.notices.conftest import ack_link, queue_plain_notice


def test_the_server_s_acceptance_moves_a_triaged_alert_to_notice_sent(smtp, triaged, alice):
    queue_plain_notice(triaged, alice)
    triaged.refresh_from_db()
    assert triaged.status == Status.TRIAGED  # queued is not sent

    send_due()

    triaged.refresh_from_db()
    assert triaged.status == Status.NOTICE_SENT
    moved = AuditEvent.objects.get(action="alert.moved", details__target=Status.NOTICE_SENT)
    assert moved.details["event"] == "notice.sent"
    assert (moved.actor, moved.actor_kind) == (None, "system")
    assert ProofEntry.objects.filter(kind="notice.sent").count() == 1


def test_a_refused_notice_leaves_the_alert_triaged(smtp, triaged, alice):
    smtp.sink.reject = True
    notice = queue_plain_notice(triaged, alice)

    send_due()

    notice.refresh_from_db()
    assert notice.state == NoticeState.FAILED
    triaged.refresh_from_db()
    assert triaged.status == Status.TRIAGED
    assert not ProofEntry.objects.filter(kind="notice.sent").exists()


def test_the_school_s_acknowledgment_moves_the_alert_to_acknowledged(client, smtp, triaged, alice):
    queue_plain_notice(triaged, alice)
    send_due()
    _url, token = ack_link(smtp.sink.messages[-1])

    client.post("/ack/", {"t": token, "name": "Anne Leroy", "role": "directrice"})

    triaged.refresh_from_db()
    assert triaged.status == Status.ACKNOWLEDGED
    moved = AuditEvent.objects.get(action="alert.moved", details__target=Status.ACKNOWLEDGED)
    assert moved.details["event"] == "notice.acknowledged"
    assert (moved.actor, moved.actor_kind) == (None, "school")
    assert ProofEntry.objects.filter(kind="notice.acknowledged").count() == 1


def test_a_case_worker_cannot_invent_the_events_and_the_real_notice_still_goes(
    smtp, triaged, alice
):
    for target in (Status.NOTICE_SENT, Status.ACKNOWLEDGED):
        with pytest.raises(ValidationError):
            move_alert(alert=triaged, to=target, actor=alice)
    triaged.refresh_from_db()
    assert triaged.status == Status.TRIAGED

    queue_plain_notice(triaged, alice)
    send_due()

    assert len(smtp.sink.messages) == 1
    triaged.refresh_from_db()
    assert triaged.status == Status.NOTICE_SENT


def test_a_system_move_must_name_the_event_that_the_status_records(triaged):
    with pytest.raises(ValidationError):
        move_alert(alert=triaged, to=Status.NOTICE_SENT, actor=None, actor_kind="system")
    with pytest.raises(ValidationError):
        move_alert(
            alert=triaged,
            to=Status.NOTICE_SENT,
            actor=None,
            actor_kind="system",
            event="notice.acknowledged",
        )
    triaged.refresh_from_db()
    assert triaged.status == Status.TRIAGED
