"""When the association opens the school's case (origin "association", from the alert page), the
school is told by one e-mail to its official address, queued in the same transaction
(relais/cases/opened_mail.py): in French, from "Relais", the case number, the steps due first
(at most 5, the soonest first, a step due within hours marked urgent), the link to /school/ and
how to get an account; never a name, the reporter's words or the case worker's. Through the real
outbox and a real SMTP server on loopback."""

from __future__ import annotations

# ruff: noqa: F811 (the SMTP fixture imported below is a parameter here)
import re
from datetime import timedelta
from email.message import EmailMessage
from html import unescape
from typing import Any

import pytest
from django.conf import settings
from django.db import DatabaseError
from django.test import Client
from django.utils import timezone

from relais.audit.models import AuditAction, AuditEvent
from relais.cases.association import open_case_for_alert
from relais.cases.emails import due_words, step_title
from relais.cases.models import Case, CaseStep, Origin
from relais.cases.services import open_case, open_from_notice
from relais.notices.models import AckLink, NoticeState, OutboxKind, OutboxMessage
from relais.notices.outbox import send_due
from tests.cases.conftest import acknowledged_notice
from tests.cases.test_one_transaction import refusing
from tests.conftest import login_verified
from tests.factories import make_alert
from tests.notices.conftest import smtp  # noqa: F401

# The en dash the subject and an urgent line open with.
DASH = "\N{EN DASH}"
ENGLISH = {"case", "cases", "step", "steps", "due", "your", "the", "of", "opened", "account"}


@pytest.fixture
def contact(be_org: Any) -> Any:
    be_org.email = "contact@asbl.example"
    be_org.save()
    return be_org


@pytest.fixture
def danger(contact: Any, school: Any) -> Any:
    """An alert of alice's school, a pupil in danger now: the protocol's "Danger immédiat" step
    is due two hours after the opening."""
    return make_alert(school, immediate_danger=True)


def received(smtp: Any) -> EmailMessage:
    send_due()
    [message] = smtp.sink.messages
    return message


def body_of(message: EmailMessage) -> str:
    # The wire's CRLF line ends, read as the school's mail client shows them.
    return message.get_body().get_content().replace("\r\n", "\n")  # type: ignore[union-attr]


def step_lines(body: str) -> list[str]:
    return [line for line in body.splitlines() if line.startswith("- ")]


def test_the_school_is_told_of_its_case_and_its_first_steps(danger, dora, school, smtp):
    case = open_case_for_alert(alert=danger.alert, by=dora)

    message = received(smtp)
    body = body_of(message)
    assert message["To"] == school.direction_email
    assert message["From"].startswith("Relais <")
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Subject"].strip() == (
        f"URGENT {DASH} Institut Saint-Henri : l'association a ouvert le dossier {case.number} "
        "dans Relais"
    )
    assert "Association Wallonie-Bruxelles, l'association qui suit un signalement" in body
    assert f"a ouvert dans Relais le dossier {case.number}" in body

    # The steps due first, the soonest first, five at most: the danger step stands out.
    due = sorted(
        CaseStep.objects.filter(case=case, due_at__isnull=False), key=lambda step: step.due_at
    )
    lines = step_lines(body)
    danger_step = due[0]
    assert danger_step.key == "danger_safety"
    assert lines[0] == (
        f"- URGENT {DASH} à faire dans les 2 heures : "
        f"{step_title(case.protocol, 'danger_safety')} — échéance : "
        f"{due_words(school.jurisdiction, danger_step.due_at)}"
    )
    assert len(lines) == 6  # five steps, then how many more
    for line, step in zip(lines[1:5], due[1:5], strict=True):
        assert line == (
            f"- {step_title(case.protocol, step.key)} — échéance : "
            f"{due_words(school.jurisdiction, step.due_at)}"
        )
        assert "URGENT" not in line
    assert lines[5] == (
        f"- et {len(due) - 5} autres étapes : la page du dossier les montre toutes."
    )
    assert "(heure de Bruxelles)" in lines[1]
    assert f"\n{settings.SITE_URL.rstrip('/')}/school/\n" in body
    assert message["Reply-To"] == "contact@asbl.example"  # the association answers


def test_the_e_mail_names_nobody_and_holds_no_word_of_the_reporter(danger, dora, school, smtp):
    danger.alert.description = "Lucas Dupont est frappé tous les jours par Kevin Martin."
    danger.alert.save(update_fields=["description"])
    open_case_for_alert(alert=danger.alert, by=dora)

    message = received(smtp)
    text = f"{message['Subject']}\n{body_of(message)}"
    for word in ("Lucas", "Dupont", "Kevin", "Martin", "frappé", danger.receipt, "dora"):
        assert word not in text, word
    assert "Élève" not in text
    english = set(re.findall(r"[a-z]+", text.lower())) & ENGLISH
    assert english == set(), english


def test_a_school_without_an_account_is_told_to_ask_the_association(danger, dora, smtp):
    open_case_for_alert(alert=danger.alert, by=dora)

    body = body_of(received(smtp))
    assert "Votre école n'a pas encore de compte dans Relais." in body
    assert "demandez-le à Association Wallonie-Bruxelles : contact@asbl.example" in body
    assert "Demander un compte pour l'école" not in body  # no notice link to open
    assert "Connectez-vous" not in body


def test_a_school_with_a_notice_link_is_shown_where_to_ask_for_its_account(
    danger, dora, smtp, school
):
    notice = acknowledged_notice(danger.alert)
    sent_at = timezone.now()
    notice.state, notice.sent_at = NoticeState.SENT, sent_at
    notice.save(update_fields=["state", "sent_at"])
    AckLink.objects.create(
        notice=notice, token_digest="0" * 64, expires_at=sent_at + timedelta(days=7)
    )
    open_case_for_alert(alert=danger.alert, by=dora)

    body = body_of(received(smtp))
    assert "ouvrez le lien de l'e-mail de signalement que Association Wallonie-Bruxelles" in body
    assert "« Demander un compte pour l'école »" in body
    assert "contact@asbl.example" in body  # or ask the association


def test_a_school_with_a_direction_account_is_asked_to_sign_in(danger, dora, alice, smtp):
    open_case_for_alert(alert=danger.alert, by=dora)

    body = body_of(received(smtp))
    assert "Connectez-vous avec le compte de l'école" in body
    assert "pas encore de compte" not in body


def test_a_case_without_danger_has_no_urgent_line(contact, school, dora, smtp):
    alert = make_alert(school).alert
    case = open_case_for_alert(alert=alert, by=dora)

    message = received(smtp)
    assert message["Subject"].strip() == (
        f"Institut Saint-Henri : l'association a ouvert le dossier {case.number} dans Relais"
    )
    assert "URGENT" not in body_of(message)
    assert 1 <= len(step_lines(body_of(message))) <= 6


def test_the_e_mail_is_audited_with_the_opening(danger, dora):
    open_case_for_alert(alert=danger.alert, by=dora)

    message = OutboxMessage.objects.get()
    assert message.kind == OutboxKind.REMINDER
    row = AuditEvent.objects.get(action=AuditAction.CASE_OPENED)
    assert row.details == {
        "kind": Origin.ASSOCIATION,
        "school_emailed": True,
        "message_id": message.message_id,
    }


def test_a_school_without_an_address_gets_nothing_queued(danger, dora, school):
    school.direction_email = ""
    school.save()

    open_case_for_alert(alert=danger.alert, by=dora)

    assert not OutboxMessage.objects.exists()
    row = AuditEvent.objects.get(action=AuditAction.CASE_OPENED)
    assert row.details == {"kind": Origin.ASSOCIATION, "school_emailed": False}


def test_no_e_mail_no_case(danger, dora):
    """The e-mail is queued in the opening's transaction: when it cannot be, nothing is opened."""
    with refusing("notices_outboxmessage", "kind", "reminder"), pytest.raises(DatabaseError):
        open_case_for_alert(alert=danger.alert, by=dora)
    assert not Case.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.CASE_OPENED).exists()


def test_the_school_s_own_openings_send_nothing(danger, alice, school):
    open_case(school=school, by=alice, origin=Origin.PUPIL)
    open_from_notice(notice=acknowledged_notice(danger.alert), by=alice)
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize("address", ["direction@ecole.example", ""])
def test_the_case_worker_reads_whether_the_school_was_told(danger, dora, school, address):
    school.direction_email = address
    school.save()
    client = login_verified(Client(), dora)

    response = client.post(
        f"/staff/alerts/{danger.alert.pk}/cases/open/", follow=True, HTTP_ACCEPT_LANGUAGE="fr"
    )

    page = re.sub(r"\s+", " ", unescape(response.content.decode()))
    if address:
        assert (
            "Le dossier de l'école est ouvert ; un e-mail le lui annonce à son adresse "
            "officielle, direction@ecole.example." in page
        )
    else:
        assert (
            "Le dossier de l'école est ouvert, mais Relais n'a pas d'adresse officielle pour "
            "cette école : aucun e-mail ne l'a prévenue. Prévenez-la autrement" in page
        )


def alert_page(client: Any, alert: Any) -> str:
    html = client.get(f"/staff/alerts/{alert.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    return re.sub(r"\s+", " ", unescape(html))


def test_the_case_worker_reads_what_the_school_s_server_answered(danger, dora, school, smtp):
    """The e-mail exists so that the case does not wait unseen: the alert page says, as long as
    it shows the case, whether the school's server accepted it."""
    case = open_case_for_alert(alert=danger.alert, by=dora)
    assert case.opened_message is not None
    client = login_verified(Client(), dora)
    assert "L'e-mail qui informe l'école de ce dossier est en cours d'envoi." in alert_page(
        client, danger.alert
    )

    smtp.sink.reject = True
    send_due()

    page = alert_page(client, danger.alert)
    assert "n'a pas été remis : prévenez l'école autrement." in page  # (spaces folded)


def test_an_accepted_e_mail_is_said_accepted(danger, dora, school, smtp):
    open_case_for_alert(alert=danger.alert, by=dora)
    send_due()

    page = alert_page(login_verified(Client(), dora), danger.alert)
    assert "a été accepté par son serveur de messagerie le" in page


def test_without_an_address_the_page_keeps_saying_so(danger, dora, school):
    school.direction_email = ""
    school.save()
    open_case_for_alert(alert=danger.alert, by=dora)

    page = alert_page(login_verified(Client(), dora), danger.alert)
    assert "Aucun e-mail n'a informé l'école de ce dossier" in page
