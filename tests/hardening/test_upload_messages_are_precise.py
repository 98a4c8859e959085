"""An upload that cannot be taken says why: sent in chunks (no Content-Length, which Django
cannot read under WSGI), or under another field name than "file" (the API's contract)."""

from __future__ import annotations

import io

from django.test import Client
from django.test.client import encode_multipart

from relais.evidence.models import EvidenceItem
from tests.evidence.conftest import png


def _multipart(field: str) -> bytes:
    upload = io.BytesIO(png())
    upload.name = "capture.png"
    return encode_multipart("BoUnDaRy", {field: upload})


def _post(token: str, body: bytes, **extra: str):
    return Client().generic(
        "POST",
        "/api/v1/mailbox/evidence",
        body,
        content_type="multipart/form-data; boundary=BoUnDaRy",
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"},
        **extra,
    )


def test_a_chunked_upload_is_told_to_send_the_size(mailbox_token, vault):
    # As gunicorn passes a chunked request on: no CONTENT_LENGTH, the body in wsgi.input.
    response = _post(
        mailbox_token, _multipart("file"), CONTENT_LENGTH="", HTTP_TRANSFER_ENCODING="chunked"
    )
    assert response.status_code == 400, response.content[:300]
    detail = response.json()["detail"]
    assert "size" in detail and "Choose a file" not in detail
    assert EvidenceItem.objects.count() == 0


def test_a_file_under_another_field_name_is_told_the_right_name(mailbox_token, vault):
    response = _post(mailbox_token, _multipart("upload"))
    assert response.status_code == 422, response.content[:300]
    body = response.json()
    assert "“file”" in body["detail"] or "“file”" in str(body["errors"])
    assert "did not arrive whole" not in body["detail"]
    assert EvidenceItem.objects.count() == 0


def test_a_form_without_any_file_still_asks_to_choose_one(mailbox_token, vault):
    body = encode_multipart("BoUnDaRy", {"note": "rien"})
    response = _post(mailbox_token, body)
    assert response.status_code == 422
    assert response.json()["detail"] == "Choose a file to send."
