"""After acknowledging, the same link shows the school a receipt it can keep and show: the
notice exactly as the e-mail carried it (its personal link left out), the reference, when it was
sent and acknowledged in the school's time with the zone named, what that proves, the two JSON
receipts that `relais verify` accepts, and a PDF of it all that embeds them and names their
digests. Back, a reload or a second try read it and record nothing; it closes RECEIPT_DAYS after
the acknowledgment with a page that says what to do."""

from __future__ import annotations

import hashlib
import json
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from relais.notices.compose import draft_for
from relais.notices.models import RECEIPT_DAYS, Acknowledgment
from relais.notices.outbox import send_due
from relais.notices.services import send_notice
from relais.notices.texts import texts_for
from relais.proofs.models import ProofEntry
from tests.notices.conftest import RELAIS, ack_link

FACTS = "Un élève est bousculé chaque midi dans la file de la cantine depuis trois semaines."


@pytest.fixture
def sent(smtp, be_org, triaged, alice):
    be_org.email = "contact@asbl.example"
    be_org.save()
    subject, body = draft_for(triaged)
    notice = send_notice(alert=triaged, actor=alice, subject=subject, body=body, facts=FACTS)
    send_due()
    mail = smtp.sink.messages[-1]
    _url, token = ack_link(mail)
    notice.refresh_from_db()
    return notice, token, mail


def _acknowledge(client, token, name="Anne Leroy"):
    return client.post("/ack/", {"t": token, "name": name, "role": "directrice"})


def _mail_text(mail) -> str:
    return mail.get_body(preferencelist=("plain",)).get_content()


def test_acknowledging_redirects_to_the_same_link_which_shows_the_receipt(client, sent):
    notice, token, _mail = sent

    posted = _acknowledge(client, token)

    assert posted.status_code == 303
    assert posted["Location"] == f"/ack/?t={token}"
    page = client.get("/ack/", {"t": token})
    assert page.status_code == 200
    html = page.content.decode()
    texts = texts_for(notice.jurisdiction)
    ack = Acknowledgment.objects.get(notice=notice)
    assert notice.alert.reference in html
    assert texts.when(notice.sent_at) in html
    assert texts.when(ack.acknowledged_at) in html
    assert "(heure de Bruxelles)" in html
    assert "Anne Leroy (directrice)" in html
    assert "receipt.json?t=" in html and "of=sent" in html and "of=ack" in html
    assert "receipt.pdf?t=" in html
    assert "<script" not in html
    # One form only: "ask for an account for the school" (relais.accounts), never acknowledging.
    assert html.count("<form") == 1 and 'action="/ack/account/"' in html


def test_the_page_shows_the_e_mail_as_it_left_without_its_link(client, sent):
    _notice, token, mail = sent
    _acknowledge(client, token)

    html = client.get("/ack/", {"t": token}).content.decode()

    received = _mail_text(mail)
    link, _ = ack_link(mail)
    for line in received.splitlines():
        if line.strip() and link not in line:
            assert line.strip().replace("'", "&#x27;") in html, line
    # Only in its own links, and in the account form's body.
    assert token not in html.replace(f"t={token}", "").replace(f'value="{token}"', "")
    assert "retiré de ce reçu" in html
    assert mail["Subject"] in html


def test_the_page_says_what_it_proves_and_how_long_it_stays_readable_in_french(
    client, sent, settings
):
    notice, token, _mail = sent
    _acknowledge(client, token)

    html = client.get("/ack/", {"t": token}, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    ack = Acknowledgment.objects.get(notice=notice)
    until = texts_for(notice.jurisdiction).when(ack.acknowledged_at + timedelta(days=30))
    assert "Ce que ce reçu prouve" in html
    assert f"pendant {RECEIPT_DAYS} jours" in html and until in html
    assert "ne peut plus jamais accuser réception" in html


def test_back_a_reload_or_a_second_person_read_the_receipt_and_record_nothing(client, sent):
    notice, token, _mail = sent
    _acknowledge(client, token)

    again = _acknowledge(client, token, name="Someone Else")

    assert again.status_code == 303
    page = client.get(again["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Anne Leroy" in html and "Someone Else" not in html
    assert Acknowledgment.objects.filter(notice=notice).count() == 1
    assert ProofEntry.objects.filter(kind="notice.acknowledged").count() == 1


@pytest.mark.parametrize("which", ["sent", "ack"])
def test_the_json_receipts_pass_relais_verify(client, sent, tmp_path, which):
    notice, token, _mail = sent
    _acknowledge(client, token)

    download = client.get("/ack/receipt.json", {"t": token, "of": which})

    assert download.status_code == 200
    assert json.loads(download.content)["opening"]["payload"]["notice"] == str(notice.pk)
    path = tmp_path / "receipt.json"
    path.write_bytes(download.content)
    checked = subprocess.run(
        [RELAIS, "verify", str(path)], capture_output=True, text=True, check=False, timeout=60
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_pdf_holds_the_receipt_and_embeds_both_files(client, sent, tmp_path):
    notice, token, _mail = sent
    _acknowledge(client, token)

    download = client.get("/ack/receipt.pdf", {"t": token}, HTTP_ACCEPT_LANGUAGE="fr")

    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert f"relais-recu-{notice.alert.reference}.pdf" in download["Content-Disposition"]
    pdf = tmp_path / "recu.pdf"
    pdf.write_bytes(download.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    compact = "".join(text.split())  # a long hash may wrap
    ack = Acknowledgment.objects.get(notice=notice)
    assert notice.alert.reference in flat
    assert "Anne Leroy (directrice)" in flat
    assert texts_for(notice.jurisdiction).when(ack.acknowledged_at) in flat
    assert "Ce que ce reçu prouve" in flat
    assert " ".join(FACTS.split()) in flat
    for which in ("sent", "ack"):
        receipt = client.get("/ack/receipt.json", {"t": token, "of": which}).content
        assert json.loads(receipt)["entry"]["digest"] in compact
    # The files inside: both receipts, named by their SHA-256 on the page.
    out = tmp_path / "files"
    out.mkdir()
    subprocess.run(["pdfdetach", "-saveall", "-o", str(out), str(pdf)], check=True)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["relais-recu-accuse-de-reception.json", "relais-recu-signalement.json"]
    for path in out.iterdir():
        assert hashlib.sha256(path.read_bytes()).hexdigest() in compact
        checked = subprocess.run([RELAIS, "verify", str(path)], capture_output=True, check=False)
        assert checked.returncode == 0
    whole = subprocess.run([RELAIS, "verify", str(pdf)], capture_output=True, text=True)
    assert whole.returncode == 0, whole.stdout + whole.stderr
    assert "notice.sent" in whole.stdout
    assert "notice.acknowledged" in whole.stdout  # both proofs are checked, not the first alone


def test_nothing_before_acknowledging_and_nothing_for_an_unknown_token(client, sent):
    _notice, token, _mail = sent
    for path in ("/ack/receipt.json", "/ack/receipt.pdf"):
        assert client.get(path, {"t": token, "of": "sent"}).status_code == 404
        assert client.get(path, {"t": "nope", "of": "sent"}).status_code == 404
    _acknowledge(client, token)
    assert client.get("/ack/receipt.json", {"t": token, "of": "other"}).status_code == 404


def test_the_receipt_closes_after_its_days_with_what_to_do(client, sent):
    notice, token, _mail = sent
    _acknowledge(client, token)
    Acknowledgment.objects.filter(notice=notice).update(
        acknowledged_at=timezone.now() - timedelta(days=RECEIPT_DAYS, seconds=1)
    )

    page = client.get("/ack/", {"t": token}, HTTP_ACCEPT_LANGUAGE="fr")

    assert page.status_code == 410
    html = page.content.decode()
    assert "répondez à l'e-mail" in html.replace("&#x27;", "'")
    assert "Anne Leroy" not in html
    for path in ("/ack/receipt.json", "/ack/receipt.pdf"):
        assert client.get(path, {"t": token, "of": "sent"}).status_code == 410
    assert _acknowledge(client, token).status_code == 410
    assert Acknowledgment.objects.filter(notice=notice).count() == 1


def test_an_expired_link_never_used_still_says_what_to_do(client, sent):
    from relais.notices.models import AckLink

    notice, token, _mail = sent
    AckLink.objects.filter(notice=notice).update(expires_at=timezone.now() - timedelta(seconds=1))

    page = client.get("/ack/", {"t": token}, HTTP_ACCEPT_LANGUAGE="fr")

    assert page.status_code == 410
    assert "nouveau lien" in page.content.decode()
    assert client.get("/ack/receipt.pdf", {"t": token}).status_code == 404


def test_a_link_minted_while_the_head_acknowledged_shows_the_receipt_too(client, sent):
    """A reminder that left while the head was acknowledging carries a link the acknowledgment
    did not spend: it reads the receipt, and acknowledges nothing."""
    from relais.notices.models import AckLink
    from relais.notices.queue import token_digest

    notice, token, _mail = sent
    _acknowledge(client, token)
    late = "a-late-link-from-a-reminder-0123456789abcdef"
    AckLink.objects.create(
        notice=notice,
        token_digest=token_digest(late),
        expires_at=timezone.now() + timedelta(days=30),
    )

    page = client.get("/ack/", {"t": late})

    assert page.status_code == 200
    assert "Anne Leroy" in page.content.decode()
    assert _acknowledge(client, late, name="Someone Else").status_code == 303
    assert Acknowledgment.objects.filter(notice=notice).count() == 1
