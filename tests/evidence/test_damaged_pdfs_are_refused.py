"""A PDF that does not open (cut short, or random bytes behind a PDF header) is refused with 422
and a sentence in the reader's language on the API, the mailbox form and the staff upload, as a
truncated image is; nothing is kept. A whole PDF is taken."""

from __future__ import annotations

import io

import pikepdf  # requirements-dev.lock
import pytest
from django.test import Client
from django.urls import reverse

from relais.evidence.models import EvidenceItem
from tests.evidence.conftest import api_upload, pdf, random_bytes, stored_files

WHOLE = pdf(200_000)
CASES = [
    ("cut-in-the-middle", WHOLE[: len(WHOLE) // 2]),
    ("cut-before-its-end", WHOLE[:-40]),
    ("random-bytes-behind-a-header", b"%PDF-1.7\n" + random_bytes(100_000)),
]
IDS = [name for name, _data in CASES]


def _post(client: Client, url: str, data: bytes, language: str, **fields):
    upload = io.BytesIO(data)
    upload.name = "releve.pdf"
    return client.post(url, {"file": upload, **fields}, headers={"Accept-Language": language})


@pytest.mark.parametrize(("name", "data"), CASES, ids=IDS)
def test_the_api_refuses_a_damaged_pdf_with_422(mailbox_token, vault, name, data):
    upload = io.BytesIO(data)
    upload.name = f"{name}.pdf"
    response = Client().post(
        "/api/v1/mailbox/evidence",
        {"file": upload},
        headers={"Authorization": f"Bearer {mailbox_token}", "Accept-Language": "fr"},
    )
    assert response.status_code == 422, response.content[:300]
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert body["detail"].startswith("Ce PDF n'a pas pu être ouvert")
    assert EvidenceItem.objects.count() == 0
    assert stored_files(vault) == []


@pytest.mark.parametrize(("name", "data"), CASES, ids=IDS)
def test_the_mailbox_form_refuses_a_damaged_pdf_with_422(mailbox_client, vault, name, data):
    response = _post(mailbox_client, reverse("public:mailbox_evidence"), data, "nl")
    assert response.status_code == 422
    assert "Deze pdf kon niet worden geopend" in response.content.decode()
    assert EvidenceItem.objects.count() == 0
    assert stored_files(vault) == []


@pytest.mark.parametrize(("name", "data"), CASES, ids=IDS)
def test_the_staff_upload_refuses_a_damaged_pdf_with_422(
    alice_client, submitted, vault, name, data
):
    url = f"/staff/evidence/alerts/{submitted.alert.pk}/upload/"
    response = _post(alice_client, url, data, "en", platform="")
    assert response.status_code == 422
    assert "This PDF could not be opened" in response.content.decode()
    assert EvidenceItem.objects.count() == 0
    assert stored_files(vault) == []


def test_a_whole_pdf_is_taken_everywhere(mailbox_token, mailbox_client, alice_client, submitted):
    assert api_upload(Client(), mailbox_token, WHOLE, "a.pdf").status_code == 201
    response = _post(mailbox_client, reverse("public:mailbox_evidence"), WHOLE, "en")
    assert response.status_code == 303
    url = f"/staff/evidence/alerts/{submitted.alert.pk}/upload/"
    assert _post(alice_client, url, WHOLE, "en", platform="").status_code == 302
    kinds = set(EvidenceItem.objects.values_list("kind", "media_type"))
    assert kinds == {("pdf", "application/pdf")}
    assert EvidenceItem.objects.count() == 3


def test_a_pdf_locked_by_a_password_is_refused_saying_so(mailbox_token, vault):
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(WHOLE)) as document:
        document.save(out, encryption=pikepdf.Encryption(owner="o", user="secret"))
    response = api_upload(Client(), mailbox_token, out.getvalue(), "locked.pdf")
    assert response.status_code == 422
    assert "protected by a password" in response.json()["detail"]
    assert stored_files(vault) == []
