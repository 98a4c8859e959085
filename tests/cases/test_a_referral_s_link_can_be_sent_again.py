"""Sending the link again (relais/cases/referral_resend.py): a referral still waiting on its
service (sent, or accepted and not done) gets a new e-mail to the directory's address, whose
link the outbox mints; the earlier links stop working at once, an earlier e-mail still queued
never leaves; once per 10 minutes per referral; its proof entry and audit row. Only the case's
school may: another school's member gets 404, a relay 403 and nothing changes."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client
from django.utils import timezone

from relais.audit.models import ActorKind, AuditAction, AuditEvent
from relais.cases import referral_mail, referral_resend, referrals
from relais.cases.models import CaseState, Referral, ReferralLink, ReferralState
from relais.cases.services import CaseError
from relais.notices.models import OutboxMessage, OutboxState
from relais.notices.outbox import send_due
from relais.proofs.formats import event_digest
from relais.proofs.kinds import ProofKind
from relais.proofs.models import ProofEntry
from tests.cases.referral_support import refer
from tests.conftest import login_verified
from tests.notices.conftest import smtp  # noqa: F401  (the fixture: a real SMTP server)

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return (
        OutboxMessage.objects.count(),
        ReferralLink.objects.filter(expires_at__gt=timezone.now()).count(),
        ProofEntry.objects.count(),
        AuditEvent.objects.count(),
    )


def url(referral: Referral) -> str:
    return f"/school/cases/{referral.case_id}/referrals/{referral.pk}/resend/"


def quiet_passed(referral: Referral) -> None:
    """The referral's newest e-mail was queued (and, if it left, accepted) 11 minutes ago: the
    throttle lets it go."""
    earlier = timezone.now() - timedelta(minutes=11)
    OutboxMessage.objects.filter(pk=referral.message_id).update(created_at=earlier)
    OutboxMessage.objects.filter(pk=referral.message_id, sent_at__isnull=False).update(
        sent_at=earlier
    )


def token_of(mail) -> str:
    text = mail.get_body(preferencelist=("plain",)).get_content()
    link = next(word for word in text.split() if "/relay/?t=" in word)
    return parse_qs(urlparse(link).query)["t"][0]


def test_the_old_link_is_gone_and_the_new_one_opens(
    pupil_case,
    alice,
    cpms,
    smtp,  # noqa: F811
):
    referral = refer(pupil_case, alice, cpms)
    assert send_due() == 1
    first = token_of(smtp.sink.messages[0])
    quiet_passed(referral)
    client = login_verified(Client(), alice)

    response = client.post(url(referral))

    assert response.status_code == 303
    assert response["Location"].endswith(f"/school/cases/{pupil_case.pk}/#referrals")
    page = client.get(response["Location"]).content.decode()
    assert "A new link to the request is on its way to CPMS Libre Mouscron 1" in page
    assert send_due() == 1
    second_mail = smtp.sink.messages[1]
    assert second_mail["To"] == cpms.email
    assert second_mail["Subject"].startswith("Nouveau lien")
    body = second_mail.get_body(preferencelist=("plain",)).get_content()
    assert "ne fonctionnent plus" in body
    second = token_of(second_mail)
    relay = Client()
    assert relay.get("/relay/", {"t": first}).status_code == 410
    opened = relay.get("/relay/", {"t": second})
    assert opened.status_code == 200
    assert opened.context["referral"] == referral
    # Its proof and its audit row, by alice, for the school.
    audit = AuditEvent.objects.get(action=AuditAction.REFERRAL_RESENT)
    assert (audit.actor, audit.actor_kind, audit.object_id) == (
        alice,
        ActorKind.SCHOOL,
        str(referral.pk),
    )
    entry = ProofEntry.objects.get(kind=ProofKind.REFERRAL_RESENT)
    payload = {
        "case": str(pupil_case.pk),
        "referral": str(referral.pk),
        "service": str(cpms.pk),
        "at": audit.details["at"],
    }
    assert entry.digest == event_digest(bytes(entry.salt), payload)


def test_the_e_mail_goes_to_the_directory_s_address_of_today(pupil_case, alice, cpms):
    referral = refer(pupil_case, alice, cpms)
    quiet_passed(referral)
    cpms.email = "accueil@cpms.example"
    cpms.save(update_fields=["email"])

    resent = referral_resend.resend_link(referral=referral, by=alice)

    assert resent.message.to_email == "accueil@cpms.example"


def test_an_earlier_e_mail_still_queued_never_leaves(
    pupil_case,
    alice,
    cpms,
    smtp,  # noqa: F811
):
    referral = refer(pupil_case, alice, cpms)  # its e-mail waits in the outbox
    earlier = referral.message
    quiet_passed(referral)

    resent = referral_resend.resend_link(referral=referral, by=alice)

    assert OutboxMessage.objects.get(pk=earlier.pk).state == OutboxState.CANCELLED
    assert send_due() == 1  # the new e-mail only
    [mail] = smtp.sink.messages
    assert mail["Message-ID"] == resent.message.message_id
    assert referrals.link_for_token(token_of(mail)).referral == referral
    audit = AuditEvent.objects.get(action=AuditAction.REFERRAL_RESENT)
    assert audit.details["earlier_email_withdrawn"] is True


def test_an_accepted_referral_gets_a_link_to_record_its_work_done(pupil_case, alice, cpms, rita):
    referral = refer(pupil_case, alice, cpms)
    referrals.answer(referral=referral, accept=True, by_link_or_user=rita)
    quiet_passed(referral)

    resent = referral_resend.resend_link(referral=referral, by=alice)

    assert "votre travail est terminé" in resent.message.body


def test_twice_within_ten_minutes_is_refused_with_how_long_to_wait(pupil_case, alice, cpms):
    referral = refer(pupil_case, alice, cpms)
    quiet_passed(referral)
    referral_resend.resend_link(referral=referral, by=alice)
    before = counts()
    client = login_verified(Client(), alice)

    response = client.post(url(referral))

    assert response.status_code == 303
    assert counts() == before
    with pytest.raises(CaseError, match="less than 10 minutes ago"):
        referral_resend.resend_link(referral=referral, by=alice)
    assert counts() == before
    page = client.get(response["Location"]).content.decode()
    assert "You can send it again in 10 minutes." in page


@pytest.mark.parametrize(
    "state", [ReferralState.REFUSED, ReferralState.DONE, ReferralState.REVOKED]
)
def test_a_referral_that_waits_on_nobody_is_not_sent_again(state, pupil_case, alice, cpms):
    referral = refer(pupil_case, alice, cpms)
    quiet_passed(referral)
    Referral.objects.filter(pk=referral.pk).update(state=state)
    before = counts()

    with pytest.raises(CaseError, match="waits on nobody"):
        referral_resend.resend_link(referral=referral, by=alice)

    assert counts() == before


def test_a_closed_case_s_referral_is_not_sent_again(pupil_case, alice, cpms):
    referral = refer(pupil_case, alice, cpms)
    quiet_passed(referral)
    type(pupil_case).objects.filter(pk=pupil_case.pk).update(state=CaseState.CLOSED)
    before = counts()

    with pytest.raises(CaseError, match="closed"):
        referral_resend.resend_link(referral=referral, by=alice)

    assert counts() == before


def test_another_school_s_member_gets_404_and_nothing_changes(pupil_case, alice, bob, cpms):
    referral = refer(pupil_case, alice, cpms)
    quiet_passed(referral)
    before = counts()

    response = login_verified(Client(), bob).post(url(referral))

    assert response.status_code == 404
    assert counts() == before
    with pytest.raises(CaseError):
        referral_resend.resend_link(referral=referral, by=bob)
    assert counts() == before


def test_the_relay_cannot_send_itself_a_link(pupil_case, alice, cpms, rita):
    referral = refer(pupil_case, alice, cpms)
    quiet_passed(referral)
    before = counts()

    assert login_verified(Client(), rita).post(url(referral)).status_code == 403
    with pytest.raises(CaseError):
        referral_resend.resend_link(referral=referral, by=rita)
    assert counts() == before


def test_the_button_is_a_form_without_script_and_a_get_is_refused(pupil_case, alice, cpms):
    referral = refer(pupil_case, alice, cpms)
    client = login_verified(Client(), alice)

    page = client.get(f"/school/cases/{pupil_case.pk}/").content.decode()

    assert f'<form method="post" action="{url(referral)}">' in page
    assert client.get(url(referral)).status_code == 405


def test_a_replaced_e_mail_queued_again_leaves_without_a_link(pupil_case, alice, cpms):
    """The e-mail a resend replaced (often one the server refused) may be queued again by staff
    from the outbox: it must not leave with the link's stand-in, nor open the referral."""
    referral = refer(pupil_case, alice, cpms)
    replaced = OutboxMessage.objects.get(pk=referral.message_id)
    quiet_passed(referral)
    referral_resend.resend_link(referral=referral, by=alice)
    links = ReferralLink.objects.count()

    body = referral_mail.mint(replaced, timezone.now(), replaced.body)

    assert referral_mail.REFERRAL_URL not in body
    assert "(ce lien a été remplacé par un message plus récent de l'école)" in body
    assert ReferralLink.objects.count() == links
