"""An impossible "since when" in an alert (form and API) or date in a letter is refused with a
clear message in the reader's language, and nothing is stored or proof-logged: year 1, 1900 and a
far future. Issue 10, "bad input"; issue 9, point 8."""

from __future__ import annotations

import pytest
from django.urls import reverse

from relais.alerts.models import Alert
from relais.documents.models import GeneratedDocument
from relais.proofs.models import ProofEntry
from tests.api.conftest import ApiClient, alert_body  # noqa: F401
from tests.public.conftest import form_data

IMPOSSIBLE = ["0001-01-01", "1900-01-01", "9999-12-31"]
_LETTER = {"family_name": "Martin", "sender_role": "mère", "requests": "Agir."}


def _why(value: str) -> str:
    return "in the future" if value.startswith("9999") else "too far back"


@pytest.mark.parametrize("value", IMPOSSIBLE)
def test_the_alert_form_refuses_an_impossible_start(value, client, school):
    # follow: the form may answer a refusal with the page itself or a redirect to it.
    response = client.post("/form/", form_data(school, started_on=value), follow=True)
    assert _why(value) in response.content.decode()
    assert not Alert.objects.exists() and not ProofEntry.objects.exists()


@pytest.mark.parametrize("value", IMPOSSIBLE)
def test_the_api_refuses_an_impossible_start(value, alert_body):  # noqa: F811
    response = ApiClient().post("/alerts", {**alert_body, "started_on": value})
    assert response.status_code == 422, response.content[:300]
    assert _why(value) in response.json()["errors"]["started_on"][0]
    assert not Alert.objects.exists() and not ProofEntry.objects.exists()


def test_the_api_says_it_in_french(alert_body):  # noqa: F811
    response = ApiClient(language="fr").post("/alerts", {**alert_body, "started_on": "0001-01-01"})
    assert response.status_code == 422
    assert "trop ancienne" in response.json()["errors"]["started_on"][0]


@pytest.mark.parametrize("value", IMPOSSIBLE)
def test_a_letter_refuses_an_impossible_meeting_date(value, mailbox_client):
    proofs = ProofEntry.objects.count()
    response = mailbox_client.post(
        reverse("public:document_make", args=["registered_letter"]),
        {**_LETTER, "meeting_date": value},
    )
    assert response.status_code == 400
    assert _why(value) in response.content.decode()
    assert not GeneratedDocument.objects.exists() and ProofEntry.objects.count() == proofs


def test_a_meeting_in_2000_is_taken(mailbox_client):
    response = mailbox_client.post(
        reverse("public:document_make", args=["registered_letter"]),
        {**_LETTER, "meeting_date": "2000-01-01"},
    )
    assert response.status_code in (302, 303), response.content.decode()[:2000]
