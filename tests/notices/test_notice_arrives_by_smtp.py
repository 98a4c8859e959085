"""A notice goes through the outbox to a real SMTP server on loopback."""

from __future__ import annotations

from relais.alerts.workflow import Status
from relais.audit.models import AuditEvent
from relais.notices.models import AttemptOutcome, NoticeState, OutboxMessage, OutboxState
from relais.notices.outbox import send_due
from relais.proofs.models import ProofEntry
from tests.notices.conftest import ack_link, queue_plain_notice


def test_the_notice_arrives_with_its_message_id_and_an_ack_link(smtp, triaged, alice):
    notice = queue_plain_notice(triaged, alice)
    message = OutboxMessage.objects.get(notice=notice)

    assert send_due() == 1

    received = smtp.sink.with_id(message.message_id)
    assert len(received) == 1
    assert received[0]["To"] == triaged.school.direction_email
    url, token = ack_link(received[0])
    assert url.startswith("http")
    assert len(token) >= 43  # token_urlsafe(32): 256 bits


def test_the_server_reply_is_kept_and_the_alert_moves(smtp, triaged, alice):
    notice = queue_plain_notice(triaged, alice)

    send_due()

    message = OutboxMessage.objects.get(notice=notice)
    assert message.state == OutboxState.SENT
    attempt = message.tries.get()
    assert attempt.outcome == AttemptOutcome.ACCEPTED
    assert attempt.smtp_code == 250
    assert "queued as RELAISTEST" in attempt.smtp_reply
    notice.refresh_from_db()
    assert notice.state == NoticeState.SENT
    assert notice.sent_at is not None
    triaged.refresh_from_db()
    assert triaged.status == Status.NOTICE_SENT


def test_sending_appends_one_proof_entry_linked_to_the_alert(smtp, triaged, alice):
    queue_plain_notice(triaged, alice)

    send_due()

    entry = ProofEntry.objects.get(kind="notice.sent")
    assert entry.alert_id == triaged.pk


def test_the_worker_moves_the_alert_as_the_system(smtp, triaged, alice):
    queue_plain_notice(triaged, alice)

    send_due()

    moved = AuditEvent.objects.get(action="alert.moved", details__target=Status.NOTICE_SENT)
    assert moved.actor_kind == "system"
    assert moved.actor is None


def test_a_second_run_sends_nothing_more(smtp, triaged, alice):
    queue_plain_notice(triaged, alice)

    send_due()
    assert send_due() == 0

    assert len(smtp.sink.messages) == 1
