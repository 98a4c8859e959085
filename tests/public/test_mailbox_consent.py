from __future__ import annotations

from relais.alerts.models import Alert


def _alert(submitted) -> Alert:
    return Alert.objects.get(pk=submitted.alert.pk)


def test_the_reporter_allows_escalation(mailbox_client, submitted):
    response = mailbox_client.post("/my/choices/", {"escalation": "on"})
    assert response.status_code == 303
    assert response["Location"] == "/my/choices/?saved=1"
    alert = _alert(submitted)
    assert alert.consent_escalation is True
    assert alert.reveal_identity is False


def test_the_reporter_withdraws_escalation(mailbox_client, submitted):
    mailbox_client.post("/my/choices/", {"escalation": "on"})
    mailbox_client.post("/my/choices/", {})
    assert _alert(submitted).consent_escalation is False


def test_revealing_identity_needs_a_name_and_a_contact(mailbox_client, submitted):
    response = mailbox_client.post("/my/choices/", {"reveal_identity": "on", "name": "Léa"})
    # A redirect, so that no history entry holds the name; the page after it says what to fix.
    assert response.status_code == 303
    response = mailbox_client.get(response["Location"])
    assert 'value="Léa"' in response.content.decode()
    assert "To reveal who you are, give your name and a way to reach you." in (
        response.content.decode()
    )
    alert = _alert(submitted)
    assert alert.reveal_identity is False
    assert alert.reporter_name == ""


def test_revealing_identity_keeps_the_name_and_contact(mailbox_client, submitted):
    data = {"reveal_identity": "on", "name": "Léa Martin", "contact": "lea@example.org"}
    assert mailbox_client.post("/my/choices/", data).status_code == 303
    alert = _alert(submitted)
    assert (alert.reveal_identity, alert.reporter_name, alert.reporter_contact) == (
        True,
        "Léa Martin",
        "lea@example.org",
    )


def test_name_and_contact_are_not_kept_without_the_choice_to_reveal(mailbox_client, submitted):
    mailbox_client.post(
        "/my/choices/", {"reveal_identity": "on", "name": "Léa", "contact": "lea@example.org"}
    )
    mailbox_client.post("/my/choices/", {"name": "Léa", "contact": "lea@example.org"})
    alert = _alert(submitted)
    assert (alert.reveal_identity, alert.reporter_name, alert.reporter_contact) == (False, "", "")


def test_the_consent_form_says_when_the_identity_fields_are_needed(mailbox_client):
    html = mailbox_client.get("/my/choices/").content.decode()
    assert 'id="consent-form"' in html
    assert 'id="identity-fields"' in html
    assert "Only if you chose to reveal who you are." in html
