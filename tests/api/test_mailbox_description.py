"""GET /api/v1/mailbox gives the reporter's own description, as sent (api.md)."""

from __future__ import annotations


def test_the_mailbox_gives_the_description_as_it_was_sent(mailbox, submitted):
    body = mailbox.get("/mailbox").json()
    assert body["alert"]["description"] == submitted.alert.description
    assert body["alert"]["description"].strip()


def test_the_openapi_schema_names_the_description(client):
    schema = client.get("/api/v1/openapi.json").json()
    alert = schema["components"]["schemas"]["MailboxAlertOut"]
    assert "description" in alert["properties"]
    assert "description" in alert["required"]
