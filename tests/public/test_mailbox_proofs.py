"""The mailbox lists a receipt per event; each downloads as JSON that verifies, and as a PDF."""

from __future__ import annotations

import subprocess

import pytest
from django.test import Client

from relais.alerts.services import post_reporter_message
from relais.proofs.verify import verify_proof
from tests.factories import make_alert


def opened(receipt: str) -> Client:
    client = Client()
    client.post("/my/open/", {"receipt": receipt})
    return client


def test_the_mailbox_lists_one_proof_per_event(submitted):
    post_reporter_message(alert=submitted.alert, body="Encore.")
    page = opened(submitted.receipt).get("/my/details/").content.decode()
    section = page.split('id="proofs"', 1)[1].split("</section>", 1)[0]
    assert section.count("<li>") == 2
    assert "/my/details/2.json" in section


def test_a_downloaded_receipt_verifies_and_names_nothing_personal(submitted):
    response = opened(submitted.receipt).get("/my/details/1.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "alert" not in response["Content-Disposition"]
    assert verify_proof(response.content).kind == "alert.received"  # RECEIPT or PROMISE
    assert submitted.alert.description.encode() not in response.content


def test_the_pdf_receipt_says_what_it_proves(submitted, tmp_path):
    response = opened(submitted.receipt).get("/my/details/1.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "relais verify" in text


@pytest.mark.parametrize("path", ["/my/details/3.json", "/my/details/0.pdf"])
def test_a_proof_number_outside_the_list_is_not_found(submitted, path):
    assert opened(submitted.receipt).get(path).status_code == 404


def test_a_mailbox_never_reaches_another_alerts_proofs(submitted, school):
    other = make_alert(school)
    post_reporter_message(alert=other.alert, body="Autre.")
    # submitted has one entry; other has two. Number 2 exists only in the other's list.
    assert opened(submitted.receipt).get("/my/details/2.json").status_code == 404


def test_without_a_mailbox_session_there_is_no_proof(submitted):
    response = Client().get("/my/details/1.json")
    assert (response.status_code, response["Location"]) == (303, "/my/")
    assert response.content == b""
