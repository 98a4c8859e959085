"""A worker killed between the SMTP server's "250" and the commit must not send again."""

from __future__ import annotations

import pytest

from relais.alerts.workflow import Status
from relais.notices.models import AttemptOutcome, NoticeState, OutboxMessage, OutboxState
from relais.proofs.models import ProofEntry
from tests.notices.conftest import ack_link, queue_plain_notice

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_worker_killed_after_the_smtp_accept_leaves_exactly_one_message(
    worker, smtp, triaged, alice, client
):
    notice = queue_plain_notice(triaged, alice)
    message = OutboxMessage.objects.get(notice=notice)

    killed = worker.run(fault="after_smtp_accept")

    assert killed.returncode == 137, killed.stderr
    assert len(smtp.sink.with_id(message.message_id)) == 1
    message.refresh_from_db()
    assert message.state == OutboxState.SENDING
    assert message.tries.get().outcome == AttemptOutcome.STARTED

    restarted = worker.run()

    assert restarted.returncode == 0, restarted.stderr
    assert len(smtp.sink.messages) == 1
    message.refresh_from_db()
    assert message.state == OutboxState.UNKNOWN
    assert message.tries.get().outcome == AttemptOutcome.UNKNOWN
    notice.refresh_from_db()
    assert notice.state == NoticeState.QUEUED

    # A third run still sends nothing: an unknown outcome waits for a person.
    assert worker.run().returncode == 0
    assert len(smtp.sink.messages) == 1


def test_the_link_of_a_message_whose_outcome_is_unknown_settles_it(
    worker, smtp, triaged, alice, client
):
    notice = queue_plain_notice(triaged, alice)
    worker.run(fault="after_smtp_accept")
    worker.run()
    _url, token = ack_link(smtp.sink.messages[0])

    response = client.post("/ack/", {"t": token, "name": "Anne Leroy", "role": "directrice"})

    assert response.status_code == 303
    notice.refresh_from_db()
    assert notice.state == NoticeState.ACKNOWLEDGED
    message = OutboxMessage.objects.get(notice=notice)
    assert message.state == OutboxState.SENT
    triaged.refresh_from_db()
    assert triaged.status == Status.ACKNOWLEDGED
    assert ProofEntry.objects.filter(kind="notice.sent").count() == 1
    assert ProofEntry.objects.filter(kind="notice.acknowledged").count() == 1
    assert len(smtp.sink.messages) == 1


def test_the_case_worker_can_send_an_unknown_notice_again_with_the_same_message_id(
    worker, smtp, triaged, alice, alice_client
):
    notice = queue_plain_notice(triaged, alice)
    worker.run(fault="after_smtp_accept")
    worker.run()
    message = OutboxMessage.objects.get(notice=notice)

    page = alice_client.get(f"/staff/notices/alerts/{triaged.pk}/")
    assert "outcome unknown" in page.content.decode()
    assert alice_client.post(f"/staff/notices/alerts/{triaged.pk}/resend/").status_code == 302
    worker.run()

    assert len(smtp.sink.with_id(message.message_id)) == 2
    message.refresh_from_db()
    assert message.state == OutboxState.SENT
    notice.refresh_from_db()
    assert notice.state == NoticeState.SENT
