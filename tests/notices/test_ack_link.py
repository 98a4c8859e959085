"""The one-time acknowledgment link: acknowledges once, then shows the receipt; expired 410;
unknown 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from relais.alerts.workflow import Status
from relais.audit.models import AuditEvent
from relais.notices.models import AckLink, Acknowledgment, NoticeState
from relais.notices.outbox import send_due
from relais.notices.queue import token_digest
from relais.proofs.models import ProofEntry
from tests.notices.conftest import ack_link, queue_plain_notice


@pytest.fixture
def sent(smtp, triaged, alice):
    """A notice delivered to the SMTP server; returns (notice, token)."""
    notice = queue_plain_notice(triaged, alice)
    send_due()
    _url, token = ack_link(smtp.sink.messages[-1])
    notice.refresh_from_db()
    return notice, token


def acknowledge(client, token, name="Anne Leroy", role="directrice"):
    return client.post("/ack/", {"t": token, "name": name, "role": role})


def test_the_link_shows_a_form_without_javascript(client, sent):
    _notice, token = sent

    page = client.get("/ack/", {"t": token})

    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="name"' in html and 'name="role"' in html
    assert "<script" not in html and "style=" not in html


def test_acknowledging_records_who_when_and_moves_the_alert(client, sent, triaged):
    notice, token = sent

    page = acknowledge(client, token)

    assert page.status_code == 303
    ack = Acknowledgment.objects.get(notice=notice)
    assert (ack.name, ack.role) == ("Anne Leroy", "directrice")
    assert abs(ack.acknowledged_at - timezone.now()) < timedelta(minutes=5)
    notice.refresh_from_db()
    assert notice.state == NoticeState.ACKNOWLEDGED
    triaged.refresh_from_db()
    assert triaged.status == Status.ACKNOWLEDGED
    assert AuditEvent.objects.filter(action="notice.acknowledged", actor_kind="school").exists()


def test_acknowledging_appends_a_proof_entry(client, sent):
    _notice, token = sent

    acknowledge(client, token)

    assert ProofEntry.objects.filter(kind="notice.acknowledged").count() == 1


def test_the_school_is_offered_receipts_and_no_record_that_verify_refuses(client, sent):
    notice, token = sent

    page = client.get(acknowledge(client, token)["Location"])

    head = Acknowledgment.objects.get(notice=notice).tree_head
    # The head kept with the acknowledgment covers the alert, the notice sent and itself.
    assert head["tree_size"] == ProofEntry.objects.count()
    html = page.content.decode()
    assert "receipt.json" in html
    # The log's signed state alone was offered as "this record": relais verify refused it.
    assert "record.json" not in html
    assert client.get("/ack/record.json", {"t": token}).status_code == 404


def test_the_pages_say_when_in_the_notices_own_words(client, sent):
    _notice, token = sent
    form = client.get("/ack/", {"t": token}).content.decode()
    assert "about a situation of bullying" not in form
    assert "(heure de Bruxelles)" in form and "Europe/Brussels" not in form
    done = client.get(acknowledge(client, token)["Location"]).content.decode()
    assert "(heure de Bruxelles)" in done and "Europe/Brussels" not in done


def test_a_replayed_link_shows_the_receipt_and_changes_nothing(client, sent):
    notice, token = sent
    acknowledge(client, token)

    again = client.get("/ack/", {"t": token})
    posted = acknowledge(client, token, name="Someone else")

    assert again.status_code == 200
    assert 'name="name"' not in again.content.decode()
    assert posted.status_code == 303
    assert Acknowledgment.objects.filter(notice=notice).count() == 1
    assert Acknowledgment.objects.get(notice=notice).name == "Anne Leroy"
    assert ProofEntry.objects.filter(kind="notice.acknowledged").count() == 1


def test_an_expired_link_gets_410(client, sent):
    notice, token = sent
    AckLink.objects.filter(notice=notice).update(expires_at=timezone.now() - timedelta(seconds=1))

    assert client.get("/ack/", {"t": token}).status_code == 410
    assert acknowledge(client, token).status_code == 410
    assert not Acknowledgment.objects.exists()


def test_an_unknown_token_gets_404(client, sent):
    _notice, token = sent

    assert client.get("/ack/", {"t": token[:-2] + "xx"}).status_code == 404
    assert client.get("/ack/").status_code == 404
    assert acknowledge(client, "A" * 500).status_code == 404
    assert not Acknowledgment.objects.exists()


def test_name_and_role_are_required(client, sent):
    _notice, token = sent

    page = acknowledge(client, token, name=" ", role="")

    assert page.status_code == 400
    assert not Acknowledgment.objects.exists()
    assert client.get("/ack/", {"t": token}).status_code == 200  # the link still works


def test_the_database_never_holds_the_token(client, sent):
    _notice, token = sent
    acknowledge(client, token)

    assert AckLink.objects.filter(token_digest=token_digest(token)).exists()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                assert token not in repr(row), table


def test_the_token_has_at_least_128_bits_and_stays_out_of_the_path(smtp, sent):
    _notice, token = sent
    url, _ = ack_link(smtp.sink.messages[-1])

    assert len(token) >= 43
    assert url.split("?")[0].endswith("/ack/")
