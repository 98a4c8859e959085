"""The notice the school receives says enough to act on, and can be answered: the facts, the
organisation's contact details and Reply-To, a subject that follows the categories and marks a
child in danger, the 7- and 14-day deadlines with dates in the school's time zone, the same
reference as the staff pages, French without slips, and reminders that thread with the notice
and quote it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from relais.alerts.models import Alert
from relais.notices import services
from relais.notices.compose import draft_for
from relais.notices.deadlines import check_deadlines
from relais.notices.models import OutboxKind, OutboxMessage
from relais.notices.outbox import send_due

FACTS = (
    "Depuis la rentrée, un élève reçoit chaque soir des messages insultants sur un groupe de "
    "classe, et a été bousculé à plusieurs reprises à la sortie."
)


@pytest.fixture
def contact(be_org):
    be_org.email = "contact@asbl.example"
    be_org.phone = "+32 56 00 00 00"
    be_org.address = "Rue de la Paix 1, 7700 Mouscron"
    be_org.website = "https://asbl.example/"
    be_org.save()
    return be_org


def _send(alert, actor, *, facts=FACTS):
    subject, body = draft_for(alert)
    return services.send_notice(alert=alert, actor=actor, subject=subject, body=body, facts=facts)


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def received(smtp, contact, triaged, alice):
    notice = _send(triaged, alice)
    send_due()
    notice.refresh_from_db()
    return notice, smtp.sink.messages[-1]


def test_the_e_mail_carries_the_facts_the_case_worker_wrote(received):
    _notice, mail = received
    text = _text(mail)
    assert "Les faits signalés" in text
    assert "messages insultants sur un groupe de classe" in text


def test_the_school_can_answer_the_organisation(received, contact):
    _notice, mail = received
    assert mail["Reply-To"] == "contact@asbl.example"
    assert contact.name in mail["From"]
    text = _text(mail)
    for detail in ("contact@asbl.example", "+32 56 00 00 00", "7700 Mouscron", "asbl.example/"):
        assert detail in text


def test_without_a_contact_e_mail_the_notice_is_not_sent(smtp, be_org, triaged, alice):
    be_org.email = ""
    be_org.save()
    with pytest.raises(ValidationError) as refused:
        _send(triaged, alice)
    assert refused.value.code == "no_contact"
    assert not OutboxMessage.objects.exists()


def test_the_reference_is_the_alert_s_everywhere(received, triaged, alice_client):
    _notice, mail = received
    assert f"Référence du signalement : {triaged.reference}" in _text(mail)
    page = alice_client.get(f"/staff/notices/alerts/{triaged.pk}/").content.decode()
    assert triaged.reference in page


def test_the_school_is_told_the_deadlines_in_its_time_zone(received):
    _notice, mail = received
    text = " ".join(_text(mail).split())
    assert "dans les 7 jours" in text
    assert "14 jours" in text
    assert "heure de Bruxelles" in text
    assert "[[relais:" not in text


@pytest.mark.parametrize(
    ("categories", "danger", "expected", "absent"),
    [
        (["agression", "menace"], True, "URGENT", "harcèlement"),
        (["cyberharcelement"], False, "cyberharcèlement", "URGENT"),
        (["humiliation"], False, "humiliations", "URGENT"),
    ],
)
def test_the_subject_follows_the_categories_and_marks_danger(
    triaged, categories, danger, expected, absent
):
    Alert.objects.filter(pk=triaged.pk).update(categories=categories, immediate_danger=danger)
    triaged.refresh_from_db()
    subject, _body = draft_for(triaged)
    assert expected in subject
    assert absent not in subject


def test_the_french_uses_proper_articles_for_each_category(triaged):
    Alert.objects.filter(pk=triaged.pk).update(
        categories=["humiliation", "harcelement", "agression", "autre"]
    )
    triaged.refresh_from_db()
    _subject, body = draft_for(triaged)
    text = " ".join(body.split())
    assert "de humiliations" not in text
    assert "une situation de harcèlement, d'humiliations, d'agressions physiques" in text


def test_the_reminder_threads_with_the_notice_and_quotes_it(received, smtp):
    notice, first = received
    check_deadlines(now=notice.sent_at + timedelta(days=7.1))
    send_due()

    reminder = smtp.sink.with_id(OutboxMessage.objects.get(kind=OutboxKind.REMINDER).message_id)[0]
    assert reminder["In-Reply-To"] == first["Message-ID"]
    assert first["Message-ID"] in reminder["References"]
    text = _text(reminder)
    assert "> " + notice.subject in text
    assert "> Depuis la rentrée, un élève reçoit" in text
    assert "heure de Bruxelles" in text


def test_a_name_from_the_alert_in_the_facts_blocks_sending(smtp, contact, school, alice):
    from relais.alerts.services import move_alert
    from tests.factories import make_alert

    alert = make_alert(
        school, description="Mon amie Léa Dubois est frappée chaque midi près de la cantine."
    ).alert
    alert = move_alert(alert=alert, to="triaged", actor=alice)

    with pytest.raises(services.RedactionBlocked) as blocked:
        _send(alert, alice, facts="Chaque midi, Léa Dubois est frappée près de la cantine.")

    assert {finding.text for finding in blocked.value.findings} & {"Léa", "Dubois", "Léa Dubois"}
    assert not OutboxMessage.objects.exists()
    assert alert.notices.get().facts.startswith("Chaque midi")  # the draft is kept
