"""An escalation proposed while the school's record had no address for its authority used to keep
that empty address: after the administrator added it, sending still asked to "add it first".
The address (and the authority's name) are read from the school when the case worker sends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from relais.alerts.services import set_consent
from relais.notices.deadlines import check_deadlines, send_escalation
from relais.notices.models import EscalationProposal, EscalationState, OutboxKind, OutboxMessage
from relais.notices.outbox import send_due
from tests.notices.conftest import queue_plain_notice


@pytest.fixture
def proposal(smtp, triaged, alice):
    school = triaged.school
    school.authority_email = ""
    school.save()
    notice = queue_plain_notice(triaged, alice)
    send_due()
    notice.refresh_from_db()
    assert notice.sent_at is not None
    check_deadlines(now=notice.sent_at + timedelta(days=14.1))
    set_consent(alert=triaged, escalation=True, reveal_identity=False)
    return EscalationProposal.objects.get(notice=notice)


def test_without_the_authority_s_address_the_escalation_asks_for_it(proposal, alice):
    with pytest.raises(ValidationError) as refused:
        send_escalation(proposal=proposal, actor=alice)

    assert refused.value.code == "no_address"
    proposal.refresh_from_db()
    assert proposal.state == EscalationState.PROPOSED


def test_an_address_added_after_the_proposal_is_used(proposal, alice, smtp):
    school = proposal.notice.alert.school
    school.authority = "Pouvoir organisateur de Mouscron"
    school.authority_email = "po@mouscron.example"
    school.save()

    send_escalation(proposal=proposal, actor=alice)
    send_due()

    message = OutboxMessage.objects.get(kind=OutboxKind.ESCALATION)
    assert message.to_email == "po@mouscron.example"
    assert smtp.sink.with_id(message.message_id)[0]["To"] == "po@mouscron.example"
    proposal.refresh_from_db()
    assert proposal.to_email == "po@mouscron.example"
    assert proposal.authority == "Pouvoir organisateur de Mouscron"
    assert proposal.state == EscalationState.SENT


def test_the_case_worker_s_page_sends_it_once_the_address_exists(proposal, alice_client, smtp):
    school = proposal.notice.alert.school
    url = f"/staff/notices/alerts/{school.alerts.first().pk}/escalate/"
    alice_client.post(url)
    assert not OutboxMessage.objects.filter(kind=OutboxKind.ESCALATION).exists()

    school.authority_email = "po@mouscron.example"
    school.save()
    alice_client.post(url)

    assert OutboxMessage.objects.get(kind=OutboxKind.ESCALATION).to_email == "po@mouscron.example"
