"""The invitation e-mail is French, as the schools of the directory are; a member who invites
(or asks from the receipt page) in Dutch or English gets it in their language, dates and the
school's time zone included, since they are the one who forwards it."""

from __future__ import annotations

from relais.accounts.invitations import invite_member
from relais.accounts.models import Role
from tests.accounts.conftest import queued_invitations

DUTCH_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def test_a_dutch_speaking_direction_s_invitation_is_queued_in_dutch(alice_head_client, school):
    response = alice_head_client.post(
        "/join/team/invite/", {"role": Role.EDUCATOR}, HTTP_ACCEPT_LANGUAGE="nl"
    )

    assert response.status_code == 303
    message = queued_invitations().get()
    assert message.subject == f"Relais: een account voor {school.name}"
    assert message.body.startswith("Goedendag,")
    assert "als opvoeder." in message.body
    assert any(f" {month} " in message.body for month in DUTCH_MONTHS)  # the expiry's date
    assert "(Brusselse tijd)" in message.body
    assert "Bonjour" not in message.body and "heure de Bruxelles" not in message.body


def test_an_english_speaking_direction_s_invitation_is_queued_in_english(alice_head_client, school):
    alice_head_client.post(
        "/join/team/invite/", {"role": Role.DIRECTION}, HTTP_ACCEPT_LANGUAGE="en"
    )

    message = queued_invitations().get()
    assert message.subject == f"Relais: an account for {school.name}"
    assert message.body.startswith("Hello,") and "(Brussels time)" in message.body


def test_french_by_default(alice_head_client, school, settings):
    # Relais's own default, as no test sets it: no language asked, French.
    settings.LANGUAGE_CODE = "fr"

    alice_head_client.post("/join/team/invite/", {"role": Role.EDUCATOR})

    message = queued_invitations().get()
    assert message.subject == f"Relais : un compte pour {school.name}"
    assert message.body.startswith("Bonjour,") and "(heure de Bruxelles)" in message.body


def test_the_service_writes_french_when_no_language_is_given(alice_head, school):
    invite_member(by=alice_head, role=Role.EDUCATOR)

    message = queued_invitations().get()
    assert message.subject == f"Relais : un compte pour {school.name}"


def test_an_unknown_language_falls_back_to_french(alice_head, school):
    invite_member(by=alice_head, role=Role.EDUCATOR, language="de")

    assert queued_invitations().get().body.startswith("Bonjour,")


def test_the_first_account_asked_in_dutch_is_queued_in_dutch(client, receipt_token, school):
    client.post("/ack/account/", {"t": receipt_token}, HTTP_ACCEPT_LANGUAGE="nl")

    message = queued_invitations().get()
    assert message.subject == f"Relais: een account voor {school.name}"
    assert "Anne Leroy (directrice)" in message.body
