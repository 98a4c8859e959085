"""Each sending attempt of a referral's e-mail mints its own link (relais/cases/referral_mail.py);
the links of earlier attempts stop opening the referral, as an invitation's do: a deferred
attempt's link never reached the service, and a stray copy of it must not answer for it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from django.utils import timezone

from relais.cases import referrals
from relais.cases.models import ReferralLink
from relais.notices.models import OutboxMessage, OutboxState
from relais.notices.outbox import send_due
from relais.notices.queue import token_digest
from tests.cases.referral_support import mint_link, refer
from tests.notices.conftest import smtp_down  # noqa: F401  (the fixture: a real SMTP server)


def live_links(referral) -> list[ReferralLink]:
    return list(ReferralLink.objects.filter(referral=referral, expires_at__gt=timezone.now()))


def test_a_new_attempt_s_link_ends_the_earlier_one(pupil_case, alice, cpms):
    referral = refer(pupil_case, alice, cpms)
    first = mint_link(referral)
    second = mint_link(referral)

    try:
        referrals.link_for_token(first)
    except referrals.LinkGone as gone:
        assert gone.reason == "expired"  # not "revoked": the school withdrew nothing
    else:
        raise AssertionError("the first attempt's link still opens the referral")
    assert referrals.link_for_token(second).referral == referral
    assert len(live_links(referral)) == 1


def test_only_the_delivered_e_mail_s_link_is_live(
    pupil_case,
    alice,
    cpms,
    smtp_down,  # noqa: F811
):
    referral = refer(pupil_case, alice, cpms)

    assert send_due() == 1  # nobody listens: deferred, its link minted all the same
    assert OutboxMessage.objects.get(pk=referral.message_id).state == OutboxState.QUEUED
    smtp_down.start()
    assert send_due() == 1

    [received] = smtp_down.sink.messages
    text = received.get_body(preferencelist=("plain",)).get_content()
    url = next(word for word in text.split() if "?t=" in word)
    token = parse_qs(urlparse(url).query)["t"][0]
    assert ReferralLink.objects.filter(referral=referral).count() == 2
    [live] = live_links(referral)
    assert live.token_digest == token_digest(token)
    assert referrals.link_for_token(token).referral == referral
