"""What the authority's mail server answered to a case's escalation is told: the outbox writes an
audit row on the case in the transaction that records the reply (relais/cases/
escalation_delivery.py), the case worker's alert page says "acceptée …", "refusée par le
serveur : 550" or "en cours d'envoi", the school's own case page "escalade envoyée le …" once
the authority's server accepted it, and a refused escalation may be sent again, in a new
e-mail. With a real SMTP server on loopback, and the outbox's real code (`send_due`)."""

from __future__ import annotations

# ruff: noqa: F811 (the fixtures imported from the escalation tests are parameters here)
import html
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from relais.audit.models import ActorKind, AuditAction, AuditEvent
from relais.cases.escalations import escalations_for_alert, send_escalation
from relais.cases.models import CaseStep
from relais.cases.services import CaseError
from relais.notices.models import OutboxKind, OutboxMessage, OutboxState
from relais.notices.outbox import send_due
from tests.cases.sweep_support import sweep_packs  # noqa: F401
from tests.cases.test_deadlines_escalation import AUTHORITY, alert, case, consent  # noqa: F401
from tests.conftest import login_verified
from tests.notices.conftest import smtp  # noqa: F401

pytestmark = pytest.mark.usefixtures("sweep_packs")

STEPS = ["hear_target", "measures"]


def alert_page(user: Any, alert: Any) -> Any:
    url = reverse("staff:alert", args=[alert.pk])
    return login_verified(Client(), user).get(url, HTTP_ACCEPT_LANGUAGE="fr")


def section(user: Any, alert: Any, case: Any) -> str:
    """The case's section of the alert page, as HTML."""
    page = alert_page(user, alert)
    assert page.status_code == 200
    html = page.content.decode()
    start = html.index(f'id="case-{case.pk}"')
    return html[start : html.index("</section>", start)]


def audited(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("at", "id"))


def test_an_accepted_escalation_is_audited_on_the_case_and_shown(case, alert, dora, smtp):
    consent(alert)
    message = send_escalation(case=case, alert=alert, actor=dora)

    assert "En cours d'envoi." in section(dora, alert, case)
    assert audited(AuditAction.CASE_ESCALATION_DELIVERED) == []

    send_due()

    [row] = audited(AuditAction.CASE_ESCALATION_DELIVERED)
    assert (row.object_type, row.object_id) == ("cases.case", str(case.pk))
    assert (row.actor, row.actor_kind) == (None, ActorKind.SYSTEM)
    assert row.details["message_id"] == message.message_id
    assert row.details["steps"] == STEPS
    assert row.details["smtp_code"] == 250
    html = section(dora, alert, case)
    assert "Acceptée par le serveur de l'autorité le" in html
    assert "En cours d'envoi." not in html and "Renvoyer" not in html
    # Accepted: nothing waits, nothing may be sent again.
    with pytest.raises(CaseError):
        send_escalation(case=case, alert=alert, actor=dora)
    assert OutboxMessage.objects.filter(kind=OutboxKind.ESCALATION).count() == 1


def test_a_refused_escalation_is_audited_shown_and_sent_again(
    case,
    alert,
    dora,
    school,
    smtp,
):
    consent(alert)
    smtp.sink.reject = True
    first = send_escalation(case=case, alert=alert, actor=dora)

    send_due()

    first.refresh_from_db()
    assert first.state == OutboxState.FAILED
    [row] = audited(AuditAction.CASE_ESCALATION_FAILED)
    assert row.object_id == str(case.pk) and row.actor_kind == ActorKind.SYSTEM
    assert row.details["message_id"] == first.message_id
    assert row.details["steps"] == STEPS
    assert row.details["smtp_code"] == 550
    assert "mailbox unavailable" in row.details["smtp_reply"]
    html = section(dora, alert, case)
    assert "Refusée par le serveur : 550" in html
    assert "Renvoyer l'escalade" in html
    [shown] = escalations_for_alert(alert)
    assert [s.key for s in shown.resend] == STEPS and shown.sendable

    # The address was wrong; corrected, the case worker sends it again from the alert page.
    school.authority_email = "po.corrige@province.example"
    school.save()
    smtp.sink.reject = False
    url = reverse("staff:case_escalate", args=[alert.pk, case.pk])
    assert login_verified(Client(), dora).post(url).status_code == 303

    second = OutboxMessage.objects.filter(kind=OutboxKind.ESCALATION).exclude(pk=first.pk).get()
    assert second.message_id != first.message_id
    assert second.to_email == "po.corrige@province.example"
    [resent] = audited(AuditAction.CASE_ESCALATION_RESENT)
    assert resent.actor == dora
    assert resent.details["previous"] == [first.message_id]
    assert resent.details["message_id"] == second.message_id
    assert sorted(resent.details["steps"]) == STEPS
    assert set(
        CaseStep.objects.filter(key__in=STEPS).values_list("escalation_message", flat=True)
    ) == {second.pk}
    first.refresh_from_db()
    assert first.state == OutboxState.FAILED  # the refused e-mail stays as the outbox left it

    send_due()

    assert len(smtp.sink.with_id(second.message_id)) == 1
    [delivered] = audited(AuditAction.CASE_ESCALATION_DELIVERED)
    assert delivered.details["message_id"] == second.message_id
    assert "Acceptée par le serveur de l'autorité le" in section(dora, alert, case)
    with pytest.raises(CaseError):
        send_escalation(case=case, alert=alert, actor=dora)


def test_a_queued_escalation_is_not_sent_twice(case, alert, dora):
    consent(alert)
    send_escalation(case=case, alert=alert, actor=dora)

    with pytest.raises(CaseError):
        send_escalation(case=case, alert=alert, actor=dora)

    [shown] = escalations_for_alert(alert)
    [email] = shown.emails
    assert email.pending and shown.resend == [] and not shown.sendable


def test_a_refused_step_recorded_meanwhile_is_not_sent_again(case, alert, dora, smtp):
    consent(alert)
    smtp.sink.reject = True
    send_escalation(case=case, alert=alert, actor=dora)
    send_due()
    CaseStep.objects.filter(case=case, key="hear_target").update(done_at=case.opened_at)
    smtp.sink.reject = False

    message = send_escalation(case=case, alert=alert, actor=dora)

    [resent] = audited(AuditAction.CASE_ESCALATION_RESENT)
    assert resent.details["steps"] == ["measures"]
    assert CaseStep.objects.get(case=case, key="measures").escalation_message == message
    assert CaseStep.objects.get(case=case, key="hear_target").escalation_message != message


def test_a_case_worker_of_another_organisation_sees_and_resends_nothing(
    case,
    alert,
    dora,
    charlie,
    smtp,
):
    consent(alert)
    smtp.sink.reject = True
    send_escalation(case=case, alert=alert, actor=dora)
    send_due()
    smtp.sink.reject = False

    assert alert_page(charlie, alert).status_code == 404
    url = reverse("staff:case_escalate", args=[alert.pk, case.pk])
    assert login_verified(Client(), charlie).post(url).status_code == 404

    assert OutboxMessage.objects.filter(kind=OutboxKind.ESCALATION).count() == 1
    assert audited(AuditAction.CASE_ESCALATION_RESENT) == []


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_school_members_cannot_send_it_again(case, alert, dora, who, request, smtp):
    consent(alert)
    smtp.sink.reject = True
    send_escalation(case=case, alert=alert, actor=dora)
    send_due()
    url = reverse("staff:case_escalate", args=[alert.pk, case.pk])

    response = login_verified(Client(), request.getfixturevalue(who)).post(url)

    assert (response.status_code, response["Location"]) == (302, "/school/")
    assert OutboxMessage.objects.filter(kind=OutboxKind.ESCALATION).count() == 1


def test_a_refused_escalation_says_who_corrects_the_address_and_its_resending_says_why(
    case,
    alert,
    dora,
    school,
    smtp,
):
    consent(alert)
    smtp.sink.reject = True
    send_escalation(case=case, alert=alert, actor=dora)
    send_due()

    html = section(dora, alert, case)
    assert "Escalade à l'autorité de l'école mise en envoi le" in html
    assert "Escalade envoyée" not in html
    assert (
        "Demandez à l'administrateur de la plateforme de corriger l'adresse de l'autorité dans "
        "la fiche de l'école, puis renvoyez." in html
    )
    assert "renvoyée après un refus" not in html
    assert "L'e-mail part vers" in html and "courriel" not in html

    smtp.sink.reject = False
    send_escalation(case=case, alert=alert, actor=dora)

    html = section(dora, alert, case)
    assert html.count("mise en envoi le") == 1  # the refused e-mail is no step's any more
    assert "(renvoyée après un refus)" in html
    assert "En cours d'envoi." in html
    assert "Demandez à l'administrateur" not in html
    assert "saisine" not in html and "courriel" not in html
    [shown] = escalations_for_alert(alert)
    assert [e.after_refusal for e in shown.emails] == [True]


def school_words(client: Any, case: Any) -> str:
    """The first step's line on the school's own case page, tags dropped."""
    page = client.get(f"/school/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    start = page.index('id="step-hear_target"')
    text = re.sub(r"<[^>]+>", "", page[start : page.index("</li>", start)])
    return html.unescape(re.sub(r"\s+", " ", text))


def test_the_school_reads_that_the_escalation_was_sent_once_accepted(
    case, alert, dora, alice_client, smtp
):
    consent(alert)
    send_escalation(case=case, alert=alert, actor=dora)

    line = school_words(alice_client, case)
    assert "escalade proposée le" in line and "envoyée" not in line

    send_due()

    line = school_words(alice_client, case)
    assert "escalade envoyée le" in line
    assert "Pouvoir organisateur de l'Institut" in line
    assert "proposée" not in line


def test_the_school_reads_a_refused_escalation_as_still_proposed(
    case, alert, dora, alice_client, smtp
):
    consent(alert)
    send_escalation(case=case, alert=alert, actor=dora)
    smtp.sink.reject = True

    send_due()

    line = school_words(alice_client, case)
    assert "escalade proposée le" in line and "envoyée" not in line


def test_without_the_authority_s_address_the_case_worker_is_told_who_adds_it(
    case, alert, dora, school
):
    """Only a platform administrator edits a school's record: the case worker is sent there."""
    consent(alert)
    school.authority_email = ""
    school.save(update_fields=["authority_email"])

    html = section(dora, alert, case)

    assert "demandez à l&#x27;administrateur de la plateforme de l&#x27;ajouter" in html
    assert "ajoutez-la d&#x27;abord" not in html
    with pytest.raises(CaseError, match="administrateur de la plateforme"):
        send_escalation(case=case, alert=alert, actor=dora)
