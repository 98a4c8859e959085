"""The school's case page says what the service's mail server answered to a referral's e-mail, as
the case escalation does (relais/cases/referral_delivery.py): "en cours d'envoi", "accepté par
le serveur de messagerie du service le …", "refusé … (550)", or an unknown outcome; never
"envoyée" before the server accepted it. After a refusal or an unknown outcome the school may
send the link again at once: the 10 minutes' quiet holds only while the last e-mail is on its way
or was accepted less than 10 minutes ago, and says so once. With a real SMTP server on loopback
and the outbox's real code (`send_due`, and the worker as its own process)."""

from __future__ import annotations

# ruff: noqa: F811 (the SMTP fixtures are parameters here)
import html
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from relais.cases.models import Origin, Referral
from relais.cases.services import open_case
from relais.notices.models import OutboxMessage, OutboxState
from relais.notices.outbox import send_due
from tests.cases.referral_support import refer, service
from tests.conftest import login_verified
from tests.notices.conftest import smtp, worker  # noqa: F401

pytestmark = pytest.mark.django_db

QUEUED_TOO_SOON = "Le lien a été mis en envoi il y a moins de 10 minutes"
ACCEPTED_TOO_SOON = "Le serveur de messagerie du service a accepté le lien il y a moins de 10"


@pytest.fixture
def case(alice: Any, school: Any) -> Any:
    """A case whose protocol has a step that suggests a PMS centre (contact_pms)."""
    return open_case(
        school=school,
        by=alice,
        origin=Origin.PUPIL,
        conditions={"victim_known": True, "minor": True},
    )


def words(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(re.sub(r"\s+", " ", text)).strip()


def page(client: Client, case: Any) -> str:
    response = client.get(f"/school/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    return response.content.decode()


def card(client: Client, case: Any) -> str:
    """The referral's card in the "Relais" part, as read."""
    text = page(client, case)
    start = text.index('class="card referral')
    return words(text[start : text.index("</li>", start)])


def step_line(client: Client, case: Any) -> str:
    """The referral's line under the checklist's step "Associer le CPMS"."""
    text = page(client, case)
    start = text.index('id="step-contact_pms"')
    start = text.index(">", text.index('class="relay-state"', start)) + 1
    return words(text[start : text.index("</p>", start)])


def resend(client: Client, referral: Referral) -> str:
    url = f"/school/cases/{referral.case_id}/referrals/{referral.pk}/resend/"
    response = client.post(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 303
    return words(client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="fr").content.decode())


def test_a_referral_reads_being_sent_then_accepted_by_the_service_s_server(case, alice, cpms, smtp):
    refer(case, alice, cpms)
    client = login_verified(Client(), alice)

    shown = card(client, case)
    assert "en cours d'envoi" in shown
    assert "envoyée" not in shown.lower()
    line = step_line(client, case)
    assert "au service « CPMS Libre Mouscron 1 »" in line
    assert "e-mail en cours d'envoi" in line
    assert "envoyée" not in line

    send_due()

    shown = card(client, case)
    assert "Envoyée le" in shown
    assert "Le serveur de messagerie du service a accepté l'e-mail le" in shown
    assert "en cours d'envoi" not in shown
    line = step_line(client, case)
    assert line.startswith("Demande envoyée le")
    assert "e-mail accepté par le serveur de messagerie du service le" in line


def test_a_refused_e_mail_reads_refused_with_its_code_and_the_link_goes_again_at_once(
    case, alice, cpms, smtp
):
    referral = refer(case, alice, cpms)
    smtp.sink.reject = True
    send_due()
    assert OutboxMessage.objects.get(pk=referral.message_id).state == OutboxState.FAILED
    client = login_verified(Client(), alice)

    shown = card(client, case)
    assert "Le serveur de messagerie du service a refusé l'e-mail : 550" in shown
    assert "mailbox unavailable" in shown
    assert "envoyée" not in shown.lower()
    line = step_line(client, case)
    assert "e-mail refusé par le serveur de messagerie du service (550)" in line
    assert "envoyée" not in line

    # The address is corrected; the school sends the link again at once, minutes after.
    smtp.sink.reject = False
    after = resend(client, referral)

    assert "moins de 10 minutes" not in after
    assert "Un nouveau lien vers la demande part vers le service" in after
    referral.refresh_from_db()
    assert OutboxMessage.objects.get(pk=referral.message_id).state == OutboxState.QUEUED
    send_due()
    assert "Le serveur de messagerie du service a accepté l'e-mail le" in card(client, case)


def test_the_quiet_holds_while_the_e_mail_is_on_its_way_and_says_so_once(case, alice, cpms):
    referral = refer(case, alice, cpms)
    client = login_verified(Client(), alice)
    url = f"/school/cases/{referral.case_id}/referrals/{referral.pk}/resend/"
    client.post(url, HTTP_ACCEPT_LANGUAGE="fr")  # a double tap: two POSTs, then the page

    after = resend(client, referral)

    assert after.count(QUEUED_TOO_SOON) == 1
    assert "a été envoyé" not in after
    assert Referral.objects.get(pk=referral.pk).message_id == referral.message_id


def test_the_quiet_holds_for_ten_minutes_after_the_server_accepted_the_link(
    case, alice, cpms, smtp
):
    referral = refer(case, alice, cpms)
    send_due()
    client = login_verified(Client(), alice)

    after = resend(client, referral)

    assert after.count(ACCEPTED_TOO_SOON) == 1
    assert "Vous pourrez le renvoyer dans 10 minutes." in after
    assert Referral.objects.get(pk=referral.pk).message_id == referral.message_id


def test_reading_the_e_mails_costs_the_same_for_one_referral_or_three(case, alice, cpms, smtp):
    client = login_verified(Client(), alice)
    refer(case, alice, cpms)
    send_due()
    page(client, case)  # the day's first view writes its audit row
    with CaptureQueriesContext(connection) as one:
        page(client, case)
    for name in ("CPMS Libre Mouscron 2", "CPMS Libre Mouscron 3"):
        refer(case, alice, service(name, cpms.kind))
    smtp.sink.reject = True
    send_due()

    with CaptureQueriesContext(connection) as three:
        text = page(client, case)

    assert "Mouscron 3 » : e-mail refusé par le serveur de messagerie du service (550)" in words(
        text
    )
    assert len(three.captured_queries) == len(one.captured_queries)


@pytest.mark.django_db(transaction=True)
def test_an_e_mail_of_unknown_outcome_says_so_and_the_link_goes_again_at_once(
    case, alice, cpms, worker
):
    referral = refer(case, alice, cpms)
    assert worker.run(fault="after_smtp_accept").returncode == 137
    assert worker.run().returncode == 0
    assert OutboxMessage.objects.get(pk=referral.message_id).state == OutboxState.UNKNOWN
    client = login_verified(Client(), alice)

    shown = card(client, case)
    assert "L'e-mail au service n'est peut-être pas arrivé" in shown
    assert "envoyée" not in shown.lower()
    assert "issue de l'e-mail inconnue" in step_line(client, case)

    after = resend(client, referral)

    assert "moins de 10 minutes" not in after
    assert "Un nouveau lien vers la demande part vers le service" in after
