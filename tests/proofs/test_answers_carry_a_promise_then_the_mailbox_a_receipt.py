"""A new alert's answer carries its PROMISE, through the API and on the page after the form;
the mailbox serves the same entry's PROMISE until the signer merged it, its RECEIPT after."""

from __future__ import annotations

import base64
import json
import re

from django.test import Client

from relais.mailbox.services import open_mailbox
from relais.proofs.models import TreeHead
from relais.proofs.services import sequence_and_sign
from relais.proofs.verify import verify_promise, verify_receipt
from tests.api.conftest import ApiClient
from tests.public.conftest import form_data, receipt_in

DOWNLOAD_RE = re.compile(r'href="data:application/json;base64,([^"]+)" download="([^"]+)"')


def _body(school) -> dict:
    return {
        "school_id": str(school.id),
        "reporter_role": "witness",
        "categories": ["harcelement"],
        "description": "Des insultes chaque jour.",
        "immediate_danger": False,
        "good_faith": True,
    }


def test_the_api_answers_a_promise_then_the_mailbox_a_receipt(db, school):
    sequence_and_sign()
    heads = TreeHead.objects.count()
    body = ApiClient().post("/alerts", _body(school)).json()
    assert TreeHead.objects.count() == heads  # no tree head signed on demand
    promise = body["proof"]
    assert set(promise) == {"version", "entry", "promise", "public_key"}
    verify_promise(json.dumps(promise).encode())

    token, _alert = open_mailbox(receipt=body["receipt"])
    mailbox = ApiClient(token=token)
    [listed] = mailbox.get("/mailbox").json()["proofs"]
    assert listed == promise

    sequence_and_sign()
    [listed] = mailbox.get("/mailbox").json()["proofs"]
    verified = verify_receipt(json.dumps(listed).encode())
    assert listed["entry"] == promise["entry"]
    assert verified.timestamp <= promise["promise"]["merge_by"]  # same spelling: text order


def test_the_page_after_the_form_offers_the_promise_to_download(client, school):
    page = client.post("/form/", form_data(school), follow=True).content.decode()
    found = DOWNLOAD_RE.search(page)
    assert found, "no proof to download on the page after the form"
    data, name = base64.b64decode(found.group(1)), found.group(2)
    assert re.fullmatch(r"promise-[0-9a-f]{8}\.json", name)
    verified = verify_promise(data)
    assert verified.kind == "alert.received"
    assert name == f"promise-{verified.digest[:8]}.json"

    mailbox = Client()
    mailbox.post("/my/open/", {"receipt": receipt_in(page)})
    assert mailbox.get("/my/details/1.json").content == data  # the mailbox's copy, the same
