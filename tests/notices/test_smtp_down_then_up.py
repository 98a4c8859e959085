"""The SMTP server is down for a while, then comes back: the notice arrives, once."""

from __future__ import annotations

from relais.notices.models import AttemptOutcome, OutboxMessage, OutboxState
from relais.notices.outbox import send_due
from tests.notices.conftest import queue_plain_notice


def test_the_notice_is_retried_until_the_server_comes_back(smtp_down, triaged, alice, settings):
    notice = queue_plain_notice(triaged, alice)

    send_due()
    send_due()
    message = OutboxMessage.objects.get(notice=notice)
    assert message.state == OutboxState.QUEUED
    assert message.attempts == 2

    smtp_down.start()
    send_due()

    message.refresh_from_db()
    assert message.state == OutboxState.SENT
    assert len(smtp_down.sink.with_id(message.message_id)) == 1
    outcomes = list(message.tries.values_list("outcome", flat=True))
    assert outcomes == [AttemptOutcome.DEFERRED, AttemptOutcome.DEFERRED, AttemptOutcome.ACCEPTED]


def test_each_failed_attempt_keeps_its_error(smtp_down, triaged, alice):
    notice = queue_plain_notice(triaged, alice)

    send_due()

    attempt = OutboxMessage.objects.get(notice=notice).tries.get()
    assert attempt.finished_at is not None
    assert attempt.smtp_code is None
    assert "ConnectionRefusedError" in attempt.smtp_reply


def test_the_next_attempt_waits_for_the_back_off(smtp_down, triaged, alice, settings):
    settings.OUTBOX_BACKOFF_SECONDS = [60, 300]
    notice = queue_plain_notice(triaged, alice)

    assert send_due() == 1
    assert send_due() == 0  # not due yet

    message = OutboxMessage.objects.get(notice=notice)
    assert message.next_attempt_at is not None
    started = message.tries.get().started_at
    assert (message.next_attempt_at - started).total_seconds() >= 60


def test_a_failed_attempt_leaves_no_usable_link(smtp_down, triaged, alice):
    notice = queue_plain_notice(triaged, alice)

    send_due()

    assert not notice.ack_links.exists()
