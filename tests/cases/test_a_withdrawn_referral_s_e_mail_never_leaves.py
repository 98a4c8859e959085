"""Withdrawing a referral withdraws its e-mail still waiting in the outbox (state "cancelled",
relais.notices.queue.withdraw): the worker never sends it, even once its retry comes due. An
e-mail already sent stays as it was. Through the real outbox worker and a real SMTP server."""

from __future__ import annotations

import pytest
from django.utils import timezone

from relais.audit.models import AuditAction, AuditEvent
from relais.cases import referrals
from relais.notices.models import OutboxMessage, OutboxState
from relais.notices.outbox import send_due
from tests.cases.referral_support import refer
from tests.notices.conftest import smtp, smtp_down  # noqa: F401  (real SMTP servers)

pytestmark = pytest.mark.django_db

REASON = "Les parents ont retiré leur consentement."


def state(referral) -> str:
    return OutboxMessage.objects.get(pk=referral.message_id).state


def test_a_queued_e_mail_is_withdrawn_and_never_sent(
    pupil_case,
    alice,
    cpms,
    smtp,  # noqa: F811
):
    referral = refer(pupil_case, alice, cpms)

    referrals.revoke(referral=referral, reason=REASON, by=alice)

    assert state(referral) == OutboxState.CANCELLED
    assert send_due() == 0
    assert smtp.sink.messages == []
    audit = AuditEvent.objects.get(action=AuditAction.REFERRAL_REVOKED)
    assert audit.details["email_withdrawn"] is True


def test_an_e_mail_waiting_for_a_retry_is_withdrawn_too(
    pupil_case,
    alice,
    cpms,
    smtp_down,  # noqa: F811
):
    referral = refer(pupil_case, alice, cpms)
    assert send_due() == 1  # nobody listens: deferred, queued for a later attempt
    assert state(referral) == OutboxState.QUEUED

    referrals.revoke(referral=referral, reason=REASON, by=alice)
    smtp_down.start()
    OutboxMessage.objects.filter(pk=referral.message_id).update(next_attempt_at=timezone.now())

    assert send_due() == 0
    assert smtp_down.sink.messages == []
    assert state(referral) == OutboxState.CANCELLED


def test_an_e_mail_already_sent_stays_as_it_was(
    pupil_case,
    alice,
    cpms,
    smtp,  # noqa: F811
):
    referral = refer(pupil_case, alice, cpms)
    assert send_due() == 1
    sent = OutboxMessage.objects.get(pk=referral.message_id)

    referrals.revoke(referral=referral, reason=REASON, by=alice)

    after = OutboxMessage.objects.get(pk=referral.message_id)
    assert (after.state, after.sent_at) == (OutboxState.SENT, sent.sent_at)
    assert (
        AuditEvent.objects.get(action=AuditAction.REFERRAL_REVOKED).details["email_withdrawn"]
        is False
    )
