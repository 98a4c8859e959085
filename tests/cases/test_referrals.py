"""Referring a case to a relay and the relay's answers (relais/cases/referrals.py): each write
with its audit row and proof entry, the e-mail with its link minted at each attempt, and every
replayed or out-of-order answer refused with nothing stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from relais.audit.models import ActorKind, AuditAction, AuditEvent
from relais.cases import proof_events, referrals
from relais.cases.models import Referral, ReferralLink, ReferralState
from relais.cases.referral_mail import REFERRAL_URL
from relais.cases.services import CaseError
from relais.notices.models import OutboxKind, OutboxMessage
from relais.notices.outbox import send_due
from relais.notices.queue import token_digest
from relais.proofs.formats import event_digest
from relais.proofs.kinds import ProofKind
from relais.proofs.models import ProofEntry
from tests.cases.referral_support import REQUEST, mint_link, refer
from tests.notices.conftest import smtp  # noqa: F401  (the fixture: a real SMTP server)

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return (
        Referral.objects.count(),
        ReferralLink.objects.count(),
        OutboxMessage.objects.count(),
        ProofEntry.objects.count(),
        AuditEvent.objects.count(),
    )


def test_a_referral_is_sent_with_its_proof_its_audit_and_its_e_mail(pupil_case, alice, cpms):
    before = timezone.now()
    referral = refer(pupil_case, alice, cpms)

    assert referral.state == ReferralState.SENT
    # be-fwb's pack gives a relay 7 days to answer.
    assert referral.answer_by - referral.sent_at == timedelta(days=7)
    assert referral.sent_at >= before
    message = referral.message
    assert message.kind == OutboxKind.REFERRAL
    assert message.to_email == cpms.email
    assert message.reply_to == pupil_case.school.direction_email
    assert pupil_case.number in message.subject
    # The stored body holds a stand-in, never a token; nor does it hold the request.
    assert REFERRAL_URL in message.body and "?t=" not in message.body
    assert REQUEST not in message.body
    assert ProofEntry.objects.filter(kind=ProofKind.REFERRAL_SENT).count() == 1
    audit = AuditEvent.objects.get(action=AuditAction.REFERRAL_SENT)
    assert (audit.actor, audit.actor_kind) == (alice, ActorKind.SCHOOL)
    assert audit.object_id == str(referral.pk)


def test_the_e_mail_reaches_the_service_with_a_link_whose_token_is_stored_nowhere(
    pupil_case,
    alice,
    cpms,
    smtp,  # noqa: F811
):
    referral = refer(pupil_case, alice, cpms)
    assert send_due() == 1

    [mail] = smtp.sink.messages
    assert mail["To"] == cpms.email
    text = mail.get_content()
    assert "Institut Saint-Henri" in text and pupil_case.number in text
    token = text.split("/relay/?t=", 1)[1].split()[0]
    # Only the token's SHA-256 is stored; the outbox keeps the stand-in.
    link = ReferralLink.objects.get(referral=referral)
    assert link.token_digest == token_digest(token)
    assert token not in OutboxMessage.objects.get(pk=referral.message_id).body
    assert link.expires_at - timezone.now() > timedelta(days=29)
    assert referrals.link_for_token(token) == link


def test_the_cpms_accepts_then_records_its_work_done(pupil_case, alice, cpms):
    referral = refer(pupil_case, alice, cpms)
    link = referrals.link_for_token(mint_link(referral))

    referrals.answer(referral=referral, accept=True, by_link_or_user=link)
    referral.refresh_from_db()
    assert referral.state == ReferralState.ACCEPTED and referral.answered_at is not None
    assert ProofEntry.objects.filter(kind=ProofKind.REFERRAL_ANSWERED).count() == 1
    audit = AuditEvent.objects.get(action=AuditAction.REFERRAL_ACCEPTED)
    # Through a link nobody is named: the row says "a relay service".
    assert (audit.actor, audit.actor_kind, audit.details["via"]) == (None, "relay", "link")

    referrals.mark_done(
        referral=referral, note="Trois entretiens ; suivi en classe.", by_link_or_user=link
    )
    referral.refresh_from_db()
    assert referral.state == ReferralState.DONE and referral.closed_at is not None
    assert referral.reason == "Trois entretiens ; suivi en classe."
    assert ProofEntry.objects.filter(kind=ProofKind.REFERRAL_ANSWERED).count() == 2
    assert AuditEvent.objects.filter(action=AuditAction.REFERRAL_DONE).count() == 1


def test_an_answer_s_entry_proves_the_new_state_and_can_be_reopened_from_the_referral(
    pupil_case, alice, cpms, rita
):
    """The entry is appended before the move writes the state: it must cover the state the
    move writes, at the very moment the referral keeps (its answered_at), so that the school
    can later show what the digest covers."""
    referral = refer(pupil_case, alice, cpms)
    referrals.answer(referral=referral, accept=True, by_link_or_user=rita)
    referral.refresh_from_db()
    entry = ProofEntry.objects.get(kind=ProofKind.REFERRAL_ANSWERED)
    payload = {
        "case": str(pupil_case.pk),
        "referral": str(referral.pk),
        "state": "accepted",
        "at": referral.answered_at.isoformat(),
        "reason_sha256": proof_events._digest(""),
    }
    assert entry.digest == event_digest(bytes(entry.salt), payload)


def test_a_member_of_the_service_answers_with_their_account(pupil_case, alice, cpms, rita):
    referral = refer(pupil_case, alice, cpms)
    referrals.answer(referral=referral, accept=True, by_link_or_user=rita)
    audit = AuditEvent.objects.get(action=AuditAction.REFERRAL_ACCEPTED)
    assert (audit.actor, audit.details["via"]) == (rita, "account")


def test_a_refusal_needs_a_reason(pupil_case, alice, cpms, rita):
    referral = refer(pupil_case, alice, cpms)
    before = counts()
    with pytest.raises(CaseError, match="Say why the service refuses"):
        referrals.answer(referral=referral, accept=False, reason="  ", by_link_or_user=rita)
    assert counts() == before
    referrals.answer(
        referral=referral, accept=False, reason="Hors de notre zone.", by_link_or_user=rita
    )
    referral.refresh_from_db()
    assert (referral.state, referral.reason) == (ReferralState.REFUSED, "Hors de notre zone.")
    assert referral.closed_at is not None


@pytest.mark.parametrize(
    ("first", "then", "message"),
    [
        ("accept", "accept", "already accepted"),
        ("refuse", "accept", "already refused"),
        ("refuse", "refuse", "already refused"),
        (None, "done", "Accept the referral before"),
        ("done", "done", "already done"),
        ("done", "accept", "already done"),
        ("revoke", "accept", "The school withdrew this request"),
        ("revoke", "done", "The school withdrew this request"),
        ("revoke", "revoke", "The school withdrew this request"),
        ("refuse", "revoke", "already refused"),
    ],
)
def test_a_replayed_or_out_of_order_action_is_refused_and_stores_nothing(
    pupil_case, alice, cpms, rita, first, then, message
):
    referral = refer(pupil_case, alice, cpms)
    actions = {
        "accept": lambda: referrals.answer(referral=referral, accept=True, by_link_or_user=rita),
        "refuse": lambda: referrals.answer(
            referral=referral, accept=False, reason="Complet.", by_link_or_user=rita
        ),
        "done": lambda: referrals.mark_done(referral=referral, by_link_or_user=rita),
        "revoke": lambda: referrals.revoke(referral=referral, reason="Erreur.", by=alice),
    }
    if first == "done":
        actions["accept"]()
    if first:
        actions[first]()
    state = Referral.objects.get(pk=referral.pk).state
    before = counts()
    with pytest.raises(CaseError, match=message):
        actions[then]()
    assert counts() == before
    assert Referral.objects.get(pk=referral.pk).state == state


def test_revoking_closes_the_links_and_says_so(pupil_case, alice, cpms):
    referral = refer(pupil_case, alice, cpms)
    token = mint_link(referral)
    with pytest.raises(CaseError, match="Say why the school withdraws"):
        referrals.revoke(referral=referral, reason="", by=alice)
    referrals.revoke(referral=referral, reason="Les parents retirent leur accord.", by=alice)
    referral.refresh_from_db()
    assert referral.state == ReferralState.REVOKED
    assert referral.reason == "Les parents retirent leur accord."
    assert ReferralLink.objects.get(referral=referral).revoked_at is not None
    with pytest.raises(referrals.LinkGone) as gone:
        referrals.link_for_token(token)
    assert gone.value.reason == "revoked"
    assert AuditEvent.objects.get(action=AuditAction.REFERRAL_REVOKED).actor == alice


def test_an_e_mail_that_leaves_after_the_school_withdrew_carries_a_dead_link(
    pupil_case, alice, cpms
):
    referral = refer(pupil_case, alice, cpms)
    referrals.revoke(referral=referral, reason="Erreur de service.", by=alice)
    token = mint_link(Referral.objects.get(pk=referral.pk))
    with pytest.raises(referrals.LinkGone):
        referrals.link_for_token(token)


def test_an_expired_link_and_an_unknown_one(pupil_case, alice, cpms):
    referral = refer(pupil_case, alice, cpms)
    token = mint_link(referral)
    ReferralLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(referrals.LinkGone) as gone:
        referrals.link_for_token(token)
    assert gone.value.reason == "expired"
    link = ReferralLink.objects.get()
    with pytest.raises(CaseError):
        referrals.answer(referral=referral, accept=True, by_link_or_user=link)
    with pytest.raises(referrals.LinkUnknown):
        referrals.link_for_token(token[:-2] + "xx")
    with pytest.raises(referrals.LinkUnknown):
        referrals.link_for_token("")


def test_a_case_is_referred_once_to_a_service_at_a_time(pupil_case, alice, cpms, psy):
    first = refer(pupil_case, alice, cpms)
    before = counts()
    with pytest.raises(CaseError, match="already referred to this service"):
        refer(pupil_case, alice, cpms)
    assert counts() == before
    refer(pupil_case, alice, psy)  # another service is another referral
    referrals.revoke(referral=first, reason="Mauvais centre.", by=alice)
    refer(pupil_case, alice, cpms)  # once withdrawn, it may be sent again


@pytest.mark.parametrize(
    ("request_text", "message"),
    [
        ("", "Say what you ask"),
        ("   ", "Say what you ask"),
        ("Pouvez-vous recevoir LUCAS MARTIN ?", "real name of a person of the case"),
        ("x" * 2001, "too long"),
    ],
)
def test_what_is_asked_is_checked_before_anything_is_stored(
    pupil_case, alice, cpms, request_text, message
):
    before = counts()
    with pytest.raises(CaseError, match=message):
        refer(pupil_case, alice, cpms, request=request_text)
    assert counts() == before


def test_a_closed_case_is_not_referred(pupil_case, alice, cpms):
    pupil_case.state = "closed"
    pupil_case.save()
    with pytest.raises(CaseError, match="closed"):
        refer(pupil_case, alice, cpms)
    assert Referral.objects.count() == 0


def test_the_link_is_opened_once_a_day_in_the_audit(pupil_case, alice, cpms, rita):
    referral = refer(pupil_case, alice, cpms)
    link = referrals.link_for_token(mint_link(referral))
    by_link = referrals.Relay(kind="link", link=link)
    assert referrals.record_opened(referral=referral, relay=by_link) is True
    assert referrals.record_opened(referral=referral, relay=by_link) is False
    by_account = referrals.Relay(kind="account", user=rita)
    assert referrals.record_opened(referral=referral, relay=by_account) is True
    tomorrow = timezone.now() + timedelta(days=1, minutes=1)
    assert referrals.record_opened(referral=referral, relay=by_link, now=tomorrow) is True
    assert AuditEvent.objects.filter(action=AuditAction.REFERRAL_OPENED).count() == 3
