"""The acknowledgment page shows the notice in full before its button. What the school keeps
afterwards: test_the_school_keeps_a_receipt_page_and_pdf.py."""

from __future__ import annotations

import pytest

from relais.notices.compose import draft_for
from relais.notices.outbox import send_due
from relais.notices.services import send_notice
from tests.notices.conftest import ack_link

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
