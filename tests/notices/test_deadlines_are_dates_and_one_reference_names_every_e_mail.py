"""The school reads the dates of its deadlines, not only their number of days: the notice gives
the acknowledgment's due date and the date from which its authority may be told, in its own time
zone; the reminder gives both again. Every e-mail to the school names the alert's reference in
its subject, the one the staff pages and the notice's text show."""

from __future__ import annotations

from datetime import timedelta

import pytest

from relais.notices.compose import draft_for
from relais.notices.deadlines import check_deadlines
from relais.notices.models import Notice, OutboxAttempt, OutboxKind, OutboxMessage
from relais.notices.outbox import send_due
from relais.notices.services import send_notice
from relais.notices.texts import texts_for
from tests.notices.conftest import PLAIN_FACTS


def _text(message) -> str:
    return " ".join(message.get_body(preferencelist=("plain",)).get_content().split())


@pytest.fixture
def received(smtp, be_org, triaged, alice):
    be_org.email = "contact@asbl.example"
    be_org.save()
    subject, body = draft_for(triaged)
    notice = send_notice(alert=triaged, actor=alice, subject=subject, body=body, facts=PLAIN_FACTS)
    send_due()
    notice.refresh_from_db()
    return notice, smtp.sink.messages[-1]


def _dates(notice: Notice) -> tuple[str, str]:
    """The two deadlines as the school reads them, counted from the attempt that left."""
    texts = texts_for(notice.jurisdiction)
    started = OutboxAttempt.objects.get(message__notice=notice).started_at
    return (
        texts.when(started + timedelta(days=7)),
        texts.when(started + timedelta(days=14)),
    )


def test_the_notice_gives_the_date_of_each_deadline(received):
    notice, mail = received
    ack_due, escalation_due = _dates(notice)
    text = _text(mail)

    assert f"au plus tard le {ack_due}" in text
    assert f"14 jours après cet envoi, soit le {escalation_due}" in text
    assert "(heure de Bruxelles)" in escalation_due


def test_the_reminder_gives_both_dates_again(received, smtp, triaged):
    notice, _mail = received
    ack_due, escalation_due = _dates(notice)
    check_deadlines(now=notice.sent_at + timedelta(days=7.1))
    send_due()

    reminder = smtp.sink.with_id(OutboxMessage.objects.get(kind=OutboxKind.REMINDER).message_id)
    text = _text(reminder[0])
    assert f"que nous attendions au plus tard le {ack_due}" in text
    assert f"Si nous ne l'avons pas reçu le {escalation_due}" in text
    assert f"l'autorité dont relève votre école : {triaged.school.authority}" in text


def test_every_subject_to_the_school_names_the_alert_s_reference(received, smtp, triaged):
    notice, mail = received
    reference = triaged.reference
    assert mail["Subject"].endswith(f"réf. {reference}")
    assert f"Référence du signalement : {reference}" in _text(mail)

    check_deadlines(now=notice.sent_at + timedelta(days=7.1))
    send_due()
    reminder = smtp.sink.with_id(OutboxMessage.objects.get(kind=OutboxKind.REMINDER).message_id)
    assert reminder[0]["Subject"].startswith("Rappel : ")
    assert reminder[0]["Subject"].endswith(f"réf. {reference}")
