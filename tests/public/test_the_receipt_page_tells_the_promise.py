"""The page after the alert form offers a PROMISE (issue 11), not yet the receipt: its sentence
says that the file shows at once that the alert was received, and that the mailbox holds the full
receipt a few seconds later, once the log has merged the entry. Read in French, as the tester
read it."""

from __future__ import annotations

import re

from django.test import Client

from tests.public.conftest import form_data

PROOF_RE = re.compile(r'<p id="receipt-proof">(.*?) <a ', re.S)


def test_the_sentence_says_a_promise_now_and_the_receipt_in_the_mailbox_soon(school):
    client = Client()
    client.cookies["django_language"] = "fr"
    page = client.post("/form/", form_data(school), follow=True).content.decode()

    found = PROOF_RE.search(page)
    assert found, "no proof to download on the page after the form"
    sentence = found.group(1)
    assert sentence.startswith("Ce fichier montre dès maintenant que nous avons bien reçu")
    assert "dans quelques secondes, votre espace de suivi" in sentence.lower()
    assert "preuve complète" in sentence
    assert "le garde aussi" not in sentence  # the mailbox keeps the receipt, not this file
