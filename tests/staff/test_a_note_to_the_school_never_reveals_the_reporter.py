"""The association's note to the school passes the notice's redaction check against every alert
the case gathers: the receipt code, the reporter's name or contact, or a long slice of the
reporter's own words are refused (400, a French message saying what to remove without echoing the
receipt, nothing stored); the school's case page never shows them."""

from __future__ import annotations

from html import unescape

import pytest
from django.test import Client
from django.utils import translation

from relais.cases.models import CaseAlert, CaseNote
from relais.cases.services import open_from_notice
from tests.cases.conftest import acknowledged_notice
from tests.conftest import login_verified
from tests.factories import make_alert
from tests.school_steps import direction_of

DESCRIPTION = (
    "Depuis la rentrée, trois garçons attendent mon petit frère devant la grille du parc "
    "et lui prennent son goûter en se moquant de son appareil dentaire."
)


@pytest.fixture
def case(be_org, school):
    """A case opened from a notice about a first alert, which later gathers a second one: the
    reporter who gave a name and a contact is the second."""
    direction = direction_of(school)
    case = open_from_notice(notice=acknowledged_notice(make_alert(school).alert), by=direction)
    return case


@pytest.fixture
def second(case, school):
    submitted = make_alert(school, description=DESCRIPTION)
    # The reporter agreed to give a name and a contact to the association (not to the school).
    alert = submitted.alert
    alert.reveal_identity = True
    alert.reporter_name, alert.reporter_contact = "Maëlle Vandenbroucke", "maelle.v@example.be"
    alert.save(update_fields=["reveal_identity", "reporter_name", "reporter_contact"])
    CaseAlert.objects.create(case=case, alert=submitted.alert)
    return submitted


@pytest.fixture
def client_fr(alice):
    client = login_verified(Client(), alice)
    client.cookies["django_language"] = "fr"
    return client


def post(client, alert, case, body):
    with translation.override("fr"):
        return client.post(
            f"/staff/alerts/{alert.pk}/cases/{case.pk}/notes/",
            {f"case-{case.pk}-body": body},
            HTTP_ACCEPT_LANGUAGE="fr",
        )


@pytest.mark.parametrize(
    ("body", "removed"),
    [
        ("Pour info, son code est {receipt}.", "le code de reçu"),
        ("Pour info, son code est {compact}.", "le code de reçu"),
        ("La personne qui signale, Maëlle, souhaite être rappelée.", "Maëlle"),
        ("Vous pouvez écrire à maelle.v@example.be directement.", "maelle.v@example.be"),
        (
            "Elle dit : trois garçons attendent mon petit frère devant la grille du parc.",
            "passage recopié",
        ),
    ],
)
def test_a_note_that_could_reveal_the_reporter_is_refused(client_fr, case, second, body, removed):
    receipt = second.receipt
    text = body.format(receipt=receipt, compact=receipt.replace("-", "").lower())

    # Posted through the first alert's page: the check covers every alert of the case.
    first = CaseAlert.objects.filter(case=case).exclude(alert=second.alert).get().alert
    response = post(client_fr, first, case, text)

    assert response.status_code == 400
    page = unescape(response.content.decode())
    assert "pourrait permettre de savoir qui a signalé" in page
    assert removed in page
    assert receipt not in page.replace(text, "")  # the form keeps what was typed, nothing more
    assert not CaseNote.objects.exists()


def test_a_plain_note_is_still_sent(client_fr, case, second):
    response = post(client_fr, second.alert, case, "Pouvez-vous nous dire où en est le dossier ?")

    assert response.status_code == 303
    assert CaseNote.objects.get().body == "Pouvez-vous nous dire où en est le dossier ?"
