"""The acknowledgment page shows the notice in full before its button, and afterwards the school
downloads real receipts (api.md's RECEIPT) of the notice and of its acknowledgment, which
`relais verify` accepts and whose opening names this notice."""

from __future__ import annotations

import json
import subprocess

import pytest

from relais.notices.compose import draft_for
from relais.notices.outbox import send_due
from relais.notices.services import send_notice
from tests.notices.conftest import RELAIS, ack_link

FACTS = "Un élève est bousculé chaque midi dans la file de la cantine depuis trois semaines."


@pytest.fixture
def sent(smtp, be_org, triaged, alice):
    be_org.email = "contact@asbl.example"
    be_org.save()
    subject, body = draft_for(triaged)
    notice = send_notice(alert=triaged, actor=alice, subject=subject, body=body, facts=FACTS)
    send_due()
    _url, token = ack_link(smtp.sink.messages[-1])
    notice.refresh_from_db()
    return notice, token


def test_the_page_shows_the_whole_notice_before_the_button(client, sent):
    notice, token = sent
    html = client.get("/ack/", {"t": token}).content.decode()
    button = html.index('type="submit"')
    for part in (notice.subject, FACTS, notice.body.splitlines()[0]):
        assert part in html
        assert html.index(part) < button
    assert notice.alert.reference in html


def _acknowledge(client, token):
    return client.post("/ack/", {"t": token, "name": "Anne Leroy", "role": "directrice"})


@pytest.mark.parametrize(
    ("which", "kind"), [("sent", "notice.sent"), ("ack", "notice.acknowledged")]
)
def test_after_acknowledging_the_school_downloads_a_receipt_relais_verify_accepts(
    client, sent, tmp_path, which, kind
):
    notice, token = sent
    done = _acknowledge(client, token).content.decode()
    assert f"of={which}" in done

    download = client.get("/ack/receipt.json", {"t": token, "of": which})

    assert download.status_code == 200
    receipt = json.loads(download.content)
    assert receipt["entry"]["kind"] == kind
    assert receipt["opening"]["payload"]["notice"] == str(notice.pk)
    path = tmp_path / "receipt.json"
    path.write_bytes(download.content)
    checked = subprocess.run(
        [RELAIS, "verify", str(path)], capture_output=True, text=True, check=False, timeout=60
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_no_receipt_before_acknowledging_nor_for_an_unknown_token(client, sent):
    _notice, token = sent
    assert client.get("/ack/receipt.json", {"t": token, "of": "sent"}).status_code == 404
    assert client.get("/ack/receipt.json", {"t": "nope", "of": "sent"}).status_code == 404
    _acknowledge(client, token)
    assert client.get("/ack/receipt.json", {"t": token, "of": "other"}).status_code == 404
