"""GET /api/v1/mailbox/dossier.pdf answers the reporter's dossier as application/pdf."""

from __future__ import annotations

from django.test import Client

from relais.documents.models import GeneratedDocument
from tests.documents.conftest import open_pdf, pdf_text


def test_the_api_gives_the_dossier_as_pdf(mailbox_token, submitted, items):
    response = Client().get(
        "/api/v1/mailbox/dossier.pdf", headers={"Authorization": f"Bearer {mailbox_token}"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)  # streamed from the vault
    text = pdf_text(content)
    for item in items:
        assert item.sha256 in text
    assert len(open_pdf(content).attachments) == 0
    assert GeneratedDocument.objects.get(alert=submitted.alert).kind == "dossier"


def test_the_api_embeds_the_originals_when_asked(mailbox_token, items):
    response = Client().get(
        "/api/v1/mailbox/dossier.pdf?originals=true",
        headers={"Authorization": f"Bearer {mailbox_token}"},
    )
    assert response.status_code == 200
    assert len(open_pdf(b"".join(response.streaming_content)).attachments) == len(items)


def test_without_a_token_the_api_answers_401_in_the_error_shape(submitted):
    response = Client().get("/api/v1/mailbox/dossier.pdf")
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "errors"}
    assert not GeneratedDocument.objects.exists()


def test_the_openapi_document_describes_the_pdf(db):
    schema = Client().get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/mailbox/dossier.pdf"]["get"]
    assert "application/pdf" in operation["responses"]["200"]["content"]
    assert "401" in operation["responses"]
