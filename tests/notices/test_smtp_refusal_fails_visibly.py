"""A 5xx reply is final: the notice is failed, not retried, and the case worker sees why."""

from __future__ import annotations

from relais.alerts.workflow import Status
from relais.notices.models import AttemptOutcome, NoticeState, OutboxMessage, OutboxState
from relais.notices.outbox import send_due
from relais.notices.services import resend_notice
from tests.notices.conftest import queue_plain_notice


def test_a_5xx_reply_fails_the_notice_without_retry(smtp, triaged, alice):
    smtp.sink.reject = True
    notice = queue_plain_notice(triaged, alice)

    send_due()
    assert send_due() == 0

    message = OutboxMessage.objects.get(notice=notice)
    assert message.state == OutboxState.FAILED
    attempt = message.tries.get()
    assert attempt.outcome == AttemptOutcome.REJECTED
    assert attempt.smtp_code == 550
    notice.refresh_from_db()
    assert notice.state == NoticeState.FAILED
    triaged.refresh_from_db()
    assert triaged.status == Status.TRIAGED


def test_the_refusal_shows_on_the_notice_page(smtp, triaged, alice, alice_client):
    smtp.sink.reject = True
    queue_plain_notice(triaged, alice)
    send_due()

    page = alice_client.get(f"/staff/notices/alerts/{triaged.pk}/")

    assert page.status_code == 200
    assert "550" in page.content.decode()
    assert "mailbox unavailable" in page.content.decode()


def test_a_refused_notice_can_be_sent_again_with_the_same_message_id(smtp, triaged, alice):
    smtp.sink.reject = True
    notice = queue_plain_notice(triaged, alice)
    send_due()
    message_id = OutboxMessage.objects.get(notice=notice).message_id

    smtp.sink.reject = False
    resend_notice(notice=notice, actor=alice)
    send_due()

    assert len(smtp.sink.with_id(message_id)) == 1
    notice.refresh_from_db()
    assert notice.state == NoticeState.SENT
