"""Reminders are checked like the notice, and the check speaks the case worker's language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from relais.notices import compose, redaction
from relais.notices.compose import draft_for
from relais.notices.deadlines import check_deadlines
from relais.notices.models import Notice, NoticeState, OutboxKind, OutboxMessage
from tests.notices.conftest import send_draft, triaged_alert

DESCRIPTION = "Léa a été frappée dans la cour. Sa mère a écrit à lea.parent@example.be."


FACTS = "Une élève a été frappée et reçoit des messages insultants le soir."


pytestmark = pytest.mark.usefixtures("answerable")


@pytest.fixture
def alert(school, alice):
    return triaged_alert(school, alice, description=DESCRIPTION)


def sent_notice(alert, alice, body: str, reason: str = "") -> Notice:
    subject, _ = draft_for(alert)
    return Notice.objects.create(
        alert=alert,
        jurisdiction=alert.school.jurisdiction,
        author=alice,
        subject=subject,
        body=body,
        state=NoticeState.SENT,
        sent_at=timezone.now(),
        override_reason=reason,
    )


def test_a_reminder_holding_a_name_has_it_masked(alert, alice):
    notice = sent_notice(alert, alice, draft_for(alert)[1])
    subject, body = compose.reminder_email(notice)
    quoted = f"{body}\n> Léa a été frappée ; Mathis était là. Écrire à lea.parent@example.be."

    subject, masked = compose.redact_follow_up(notice, subject, quoted)

    assert "Léa" not in masked
    assert "Mathis" not in masked
    assert "lea.parent@example.be" not in masked
    assert masked.count(redaction.MASK) == 3
    assert body.strip() in masked  # the reminder's own words stay
    assert "Institut Saint-Henri" in masked


def test_a_name_the_notice_was_sent_with_is_masked_from_its_reminder(alert, alice):
    body = draft_for(alert)[1] + "\nLéa a peur."
    notice = sent_notice(alert, alice, body, reason="La direction connaît déjà l'élève.")
    subject, reminder = compose.reminder_email(notice)

    subject, masked = compose.redact_follow_up(notice, subject, f"{reminder}\n> {notice.body}")

    assert "Léa" not in masked
    assert "[…] a peur." in masked


def test_the_reminder_and_the_escalation_as_queued_pass_the_check(alert, alice):
    notice = sent_notice(alert, alice, draft_for(alert)[1])

    for subject, body in (compose.reminder_email(notice), compose.escalation_email(notice)):
        assert redaction.MASK not in subject + body
        check = compose.check_notice(alert, subject, body)
        assert check.findings == []


def test_mask_keeps_the_text_around_accents_and_ligatures():
    items = [redaction.Finding("name", "Lea"), redaction.Finding("phone", "0470 12 34 56")]

    text, count = redaction.mask("Œuvre… LÉA pleure ; appeler le 0470.12.34.56 !", items)

    assert (text, count) == ("Œuvre… […] pleure ; appeler le […] !", 2)


def test_the_kinds_are_in_french_for_a_french_request(alert, alice_client):
    subject, body = draft_for(alert)

    page = alice_client.post(
        f"/staff/notices/alerts/{alert.pk}/compose/",
        {
            "subject": subject,
            "body": body,
            "facts": "Léa et Mathis, cour, 10 h 15.",
            "action": "send",
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert page.status_code == 400
    text = page.content.decode()
    assert '<span class="kind">nom :</span> Léa' in text
    assert '<span class="kind">nom possible :</span> Mathis' in text
    assert '<span class="kind">lieu :</span> cour' in text
    assert '<span class="kind">heure :</span> 10 h 15' in text
    assert "name:" not in text and "place:" not in text
    assert 'name="not_names" value="Mathis"' in text


def test_the_kinds_are_in_dutch_for_a_dutch_request(alert, alice_client):
    subject, body = draft_for(alert)

    page = alice_client.post(
        f"/staff/notices/alerts/{alert.pk}/compose/",
        {"subject": subject, "body": body, "facts": "Léa, cour.", "action": "send"},
        HTTP_ACCEPT_LANGUAGE="nl",
    )

    text = page.content.decode()
    assert '<span class="kind">naam:</span> Léa' in text
    assert '<span class="kind">plaats:</span> cour' in text


def test_ticking_not_a_name_on_the_page_sends_the_notice(alert, alice_client):
    subject, body = draft_for(alert)
    form = {"subject": subject, "body": body, "facts": FACTS + " Cela passe par Pronote."}
    url = f"/staff/notices/alerts/{alert.pk}/compose/"

    blocked = alice_client.post(url, {**form, "action": "send"})
    sent = alice_client.post(url, {**form, "action": "send", "not_names": ["Pronote"]})

    assert blocked.status_code == 400
    assert "redaction-possible-names" in blocked.content.decode()
    assert sent.status_code == 302
    assert Notice.objects.get(alert=alert).state == NoticeState.QUEUED


def test_the_reminder_queued_by_the_deadlines_quotes_the_notice_without_its_names(alert, alice):
    notice = send_draft(
        alert,
        alice,
        facts="Léa a été frappée dans la cour ; Mathis filmait.",
        override_reason="La direction a déjà reçu les parents de l'élève.",
    )
    Notice.objects.filter(pk=notice.pk).update(
        state=NoticeState.SENT, sent_at=timezone.now() - timedelta(days=8)
    )

    assert check_deadlines().reminders == 1

    reminder = OutboxMessage.objects.get(notice=notice, kind=OutboxKind.REMINDER)
    assert "a été frappée dans la cour" in reminder.body  # the notice is quoted
    assert "Léa" not in reminder.body and "Mathis" not in reminder.body
    assert "> […] a été frappée dans la cour ; […] filmait." in reminder.body
