"""The receipt's PDF is one page that carries the values and says how to check them."""

from __future__ import annotations

import base64
import re
import subprocess

from relais.proofs.formats import format_time, tree_head_bytes
from relais.proofs.receipts import receipt_for, receipt_pdf
from relais.proofs.services import append, sequence_and_sign, stamp_pending
from relais.proofs.tsa import verify_token


def _text(pdf: bytes, tmp_path) -> tuple[str, str]:
    path = tmp_path / "receipt.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return text, info


def test_the_pdf_is_one_page_with_the_values_and_the_checks(db, tmp_path):
    receipt = receipt_for(append(kind="alert.received", payload={"what": "anything"}))
    text, info = _text(receipt_pdf(receipt), tmp_path)
    assert re.search(r"^Pages:\s+1$", info, re.M)
    flat = "".join(text.split())
    assert receipt["entry"]["digest"] in flat
    assert receipt["tree_head"]["root_hash"] in flat
    assert receipt["tree_head"]["key_id"] in text
    assert "relais verify" in text
    assert "openssl pkeyutl -verify -rawin" in text


def test_the_pdf_names_the_time_stamping_authority_once_there_is_a_token(local_tsa, db, tmp_path):
    entry = append(kind="alert.received", payload={"what": "anything"})
    sequence_and_sign()
    stamp_pending()
    receipt = receipt_for(entry)
    text, info = _text(receipt_pdf(receipt), tmp_path)
    assert re.search(r"^Pages:\s+1$", info, re.M)
    assert "CN=Relais Test TSA" in text
    head = receipt["tree_head"]
    token = verify_token(
        base64.b64decode(head["timestamp_token"]),
        tree_head_bytes(head["tree_size"], head["root_hash"], head["timestamp"]),
    )
    assert format_time(token.gen_time) in text  # in UTC, as the text says
    assert "openssl ts -verify" in text


def test_a_promise_in_french_gives_its_times_to_the_second_and_reads_well(db, tmp_path):
    # The merge deadline is seconds after the recording: to the minute, the two read the same.
    from relais.proofs.promises import promise_for

    entry = append(kind="alert.received", payload={"what": "anything"})
    promise = promise_for(entry)
    text, _info = _text(receipt_pdf(promise, language="fr", time_zone="Europe/Brussels"), tmp_path)
    flat = " ".join(text.split())

    assert re.search(r"enregistrée le \d{1,2} \w+ \d{4}, \d\d:\d\d:\d\d", flat), flat
    assert re.search(r"au plus tard le \d{1,2} \w+ \d{4}, \d\d:\d\d:\d\d", flat), flat
    # One sentence serves the receipt ("ce reçu") and the promise ("cette promesse").
    assert "Ce document ne révèle pas le contenu" in flat
