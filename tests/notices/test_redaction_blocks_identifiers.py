"""The redaction check blocks a notice that holds what identifies people in the alert."""

from __future__ import annotations

import pytest

from relais.alerts.services import move_alert, post_reporter_message, set_consent
from relais.alerts.workflow import Status
from relais.audit.models import AuditEvent
from relais.notices import redaction
from relais.notices.compose import check_notice, draft_for
from relais.notices.models import NoticeState, OutboxMessage
from relais.notices.services import RedactionBlocked, send_notice
from tests.factories import make_alert

FACTS = "Un élève reçoit des messages insultants le soir et a été bousculé à la sortie."


@pytest.fixture(autouse=True)
def contact(be_org):
    """The organisation can be answered: a notice is sent only then."""
    be_org.email = "contact@asbl.example"
    be_org.save()
    return be_org


DESCRIPTION = (
    "Depuis septembre, Lucas Martin et Inès B. insultent ma fille. Ils ont ouvert le compte "
    "@lea_moche_2011 et https://www.instagram.com/lea.moche/ pour se moquer d'elle. "
    "Le prof, M. Bernard, ne fait rien."
)


@pytest.fixture
def alert(be_org, school, alice):
    alert = make_alert(school, description=DESCRIPTION).alert
    post_reporter_message(
        alert=alert, body="Vous pouvez m'appeler au 0470 12 34 56 ou écrire à s.dupont@example.be"
    )
    set_consent(
        alert=alert,
        escalation=False,
        reveal_identity=True,
        name="Sophie Dupont",
        contact="+32 471 98 76 54",
    )
    return move_alert(alert=alert, to=Status.TRIAGED, actor=alice)


@pytest.mark.parametrize(
    "leak,kind",
    [
        ("Lucas", "name"),
        ("inès", "name"),
        ("M. BERNARD", "name"),
        ("Madame Dupont", "name"),
        ("S.Dupont@Example.be", "email"),
        ("04 70 12 34 56", "phone"),
        ("0470.12.34.56", "phone"),
        ("+32 (0)471 98 76 54", "phone"),
        ("@lea_moche_2011", "handle"),
        ("instagram.com/lea.moche", "url"),
    ],
)
def test_an_identifier_from_the_alert_blocks_sending(alert, alice, leak, kind):
    subject, body = draft_for(alert)

    with pytest.raises(RedactionBlocked) as blocked:
        send_notice(
            alert=alert, actor=alice, subject=subject, body=f"{body}\n\nVoir {leak}.", facts=FACTS
        )

    assert kind in {finding.kind for finding in blocked.value.findings}
    assert not OutboxMessage.objects.exists()


def test_the_template_draft_passes_the_check(alert):
    subject, body = draft_for(alert)

    assert check_notice(alert, subject, body).findings == []


def test_the_case_worker_sees_the_list_of_what_was_found(alert, alice_client):
    subject, body = draft_for(alert)

    page = alice_client.post(
        f"/staff/notices/alerts/{alert.pk}/compose/",
        {
            "subject": subject,
            "body": body + "\nLucas et 0470 12 34 56.",
            "facts": FACTS,
            "action": "send",
        },
    )

    assert page.status_code == 400
    text = page.content.decode()
    assert "Lucas" in text
    assert "0470 12 34 56" in text
    assert not OutboxMessage.objects.exists()


def test_an_override_needs_a_written_reason_and_is_audited(alert, alice):
    subject, body = draft_for(alert)
    body += "\nLe professeur M. Bernard est informé."

    notice = send_notice(
        alert=alert,
        actor=alice,
        subject=subject,
        body=body,
        facts=FACTS,
        override_reason="Le nom du professeur est nécessaire : il doit agir.",
    )

    assert notice.state == NoticeState.QUEUED
    assert notice.override_reason.startswith("Le nom du professeur")
    assert notice.overridden_by == alice
    event = AuditEvent.objects.get(action="notice.redaction_overridden")
    assert event.actor == alice
    assert event.details["reason"].startswith("Le nom du professeur")
    assert event.details["kinds"] == ["name"]


def test_a_blank_reason_is_no_override(alert, alice):
    subject, body = draft_for(alert)

    with pytest.raises(RedactionBlocked):
        send_notice(
            alert=alert,
            actor=alice,
            subject=subject,
            body=body + " Lucas",
            facts=FACTS,
            override_reason="  ",
        )


def test_names_at_the_start_of_a_sentence_and_common_words_are_not_flagged():
    ids = redaction.identifiers(
        ["Hier, elle a pleuré. Mardi, le prof a rien dit. Mouscron est loin."],
        ignore=["Mouscron"],
    )

    assert ids == []
