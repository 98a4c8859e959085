"""No acknowledgment after 7 days: a reminder; after 14: an escalation proposed, sent only with
the reporter's consent. The reporter's mailbox reads the dates from notice_dates_for."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from relais.alerts.services import set_consent
from relais.notices.deadlines import check_deadlines, notice_dates_for, send_escalation
from relais.notices.models import EscalationProposal, Notice, OutboxKind, OutboxMessage
from relais.notices.outbox import send_due
from relais.notices.texts import texts_for
from tests.notices.conftest import ack_link, queue_plain_notice


@pytest.fixture
def sent(smtp, triaged, alice):
    triaged.school.authority_email = "po@authority.example"
    triaged.school.save()
    notice = queue_plain_notice(triaged, alice)
    send_due()
    notice.refresh_from_db()
    return notice


def days_after(notice: Notice, days: float):
    assert notice.sent_at is not None
    return notice.sent_at + timedelta(days=days)


def test_nothing_is_due_before_seven_days(sent):
    report = check_deadlines(now=days_after(sent, 6.9))

    assert (report.reminders, report.proposals) == (0, 0)


def test_a_reminder_is_queued_after_seven_days_once(sent, smtp):
    first = check_deadlines(now=days_after(sent, 7.1))
    second = check_deadlines(now=days_after(sent, 8))
    send_due()

    assert first.reminders == 1 and second.reminders == 0
    reminder = OutboxMessage.objects.get(kind=OutboxKind.REMINDER)
    received = smtp.sink.with_id(reminder.message_id)
    assert len(received) == 1
    assert received[0]["To"] == sent.alert.school.direction_email


def test_the_reminder_carries_a_fresh_link_that_acknowledges(sent, smtp, client):
    check_deadlines(now=days_after(sent, 7.1))
    send_due()
    _url, first = ack_link(smtp.sink.messages[0])
    _url, fresh = ack_link(smtp.sink.messages[1])

    assert first != fresh
    page = client.post("/ack/", {"t": fresh, "name": "Paul Simon", "role": "sous-directeur"})

    assert page.status_code == 303
    # Every link of the notice is spent: the first one now shows the receipt, and no form that
    # acknowledges (its one form asks for a school account).
    spent = client.get("/ack/", {"t": first})
    html = spent.content.decode()
    assert spent.status_code == 200
    assert "Paul Simon" in html and 'name="role"' not in html
    assert html.count("<form") == 1 and 'action="/ack/account/"' in html


def test_an_acknowledged_notice_gets_no_reminder(sent, smtp, client):
    _url, token = ack_link(smtp.sink.messages[0])
    client.post("/ack/", {"t": token, "name": "Anne Leroy", "role": "directrice"})

    report = check_deadlines(now=days_after(sent, 20))

    assert (report.reminders, report.proposals) == (0, 0)


def test_an_escalation_is_proposed_after_fourteen_days(sent):
    check_deadlines(now=days_after(sent, 7.1))
    report = check_deadlines(now=days_after(sent, 14.1))

    assert report.proposals == 1
    proposal = EscalationProposal.objects.get(notice=sent)
    assert proposal.to_email == "po@authority.example"
    assert proposal.authority == sent.alert.school.authority
    assert check_deadlines(now=days_after(sent, 15)).proposals == 0
    assert not OutboxMessage.objects.filter(kind=OutboxKind.ESCALATION).exists()


def test_the_escalation_is_not_sent_without_the_reporters_consent(sent, alice, alice_client):
    check_deadlines(now=days_after(sent, 14.1))
    proposal = EscalationProposal.objects.get(notice=sent)

    with pytest.raises(ValidationError):
        send_escalation(proposal=proposal, actor=alice)
    page = alice_client.get(f"/staff/notices/alerts/{sent.alert_id}/")

    assert "has not consented" in page.content.decode()
    assert not OutboxMessage.objects.filter(kind=OutboxKind.ESCALATION).exists()


def test_the_escalation_is_sent_once_the_reporter_consents(sent, alice_client, smtp):
    check_deadlines(now=days_after(sent, 14.1))
    set_consent(alert=sent.alert, escalation=True, reveal_identity=False)

    page = alice_client.post(f"/staff/notices/alerts/{sent.alert_id}/escalate/")
    send_due()

    assert page.status_code == 302
    escalation = OutboxMessage.objects.get(kind=OutboxKind.ESCALATION)
    received = smtp.sink.with_id(escalation.message_id)
    assert len(received) == 1
    assert received[0]["To"] == "po@authority.example"
    assert "/ack/" not in received[0].get_body(preferencelist=("plain",)).get_content()


def test_the_mailbox_dates_follow_the_notice(sent, smtp, client):
    dates = notice_dates_for(sent.alert)
    assert dates is not None
    assert dates.sent_at == sent.sent_at
    assert dates.reminder_due_at == days_after(sent, 7)
    assert dates.escalation_due_at == days_after(sent, 14)
    assert dates.acknowledged_at is None

    check_deadlines(now=days_after(sent, 7.1))
    send_due()
    _url, token = ack_link(smtp.sink.messages[-1])
    client.post("/ack/", {"t": token, "name": "Anne Leroy", "role": "directrice"})

    dates = notice_dates_for(sent.alert)
    assert dates is not None
    assert dates.reminder_sent_at is not None
    assert dates.acknowledged_at is not None
    assert dates.reminder_due_at is None and dates.escalation_due_at is None


def test_an_alert_without_notice_has_no_dates(submitted):
    assert notice_dates_for(submitted.alert) is None


@pytest.mark.parametrize("code", ["fr", "be-fwb"])
def test_the_jurisdictions_delays_are_seven_and_fourteen_days(code):
    texts = texts_for(code)
    assert (texts.ack_days, texts.escalation_days) == (7, 14)


def test_the_command_queues_what_is_due(sent):
    Notice.objects.filter(pk=sent.pk).update(sent_at=days_after(sent, -15))
    out = StringIO()

    call_command("check_deadlines", stdout=out)

    assert out.getvalue().strip() == "1 reminder(s), 1 escalation(s)"
