"""The e-mail that tells a service that a school referred a case to it, and the link it carries.

The e-mail goes to the service's address from the directory, never to an address typed in a
form. It is written in the school's language (the pack's notice texts, French for both packs)
and says no more than which school asks, for which case number and by when: the request itself
is read behind the link, where the opening is audited.

The stored body holds stand-ins; at each attempt the outbox (relais/notices/outbox.py, step 1)
calls ``mint``, which creates a fresh link (only its SHA-256 is stored, in ReferralLink), ends
the links of the earlier attempts, and returns the body that leaves. The token lives in that
process and in the e-mail, nowhere else: a copy of the database opens no referral.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from relais.cases.emails import SCHOOL_LANGUAGE
from relais.cases.models import Referral, ReferralLink, ReferralState
from relais.notices.models import OutboxKind, OutboxMessage
from relais.notices.queue import queue_message, token_digest
from relais.notices.texts import texts_for

# How long a link opens its referral. A service that lets it expire asks the school, which sends
# it a new one (relais/cases/referral_resend.py), or uses its account.
LINK_DAYS = 30
REFERRAL_URL = "[[relais:referral-url]]"
REFERRAL_EXPIRES = "[[relais:referral-expires]]"


def link_url(token: str) -> str:
    """The token travels in the query string: the access log records the path only."""
    return f"{settings.SITE_URL.rstrip('/')}{reverse('relay:home')}?{urlencode({'t': token})}"


def queue_referral_email(referral: Referral, *, again: bool = False) -> OutboxMessage:
    """Commit the e-mail to the outbox, in the caller's transaction (the referral's own).
    ``again``: the school sends the link again (relais/cases/referral_resend.py); the e-mail
    then says that earlier links no longer work, and where the referral stands."""
    case, service = referral.case, referral.service
    school = case.school
    texts = texts_for(school.jurisdiction)
    context = {
        "school": school,
        "number": case.number,
        "consent_by": referral.consent_by,
        "answer_by": texts.when(referral.answer_by),
        "again": again,
        "sent_on": texts.when(referral.sent_at),
        "accepted": referral.state == ReferralState.ACCEPTED,
        "late": referral.answer_by <= timezone.now(),
        "relay_home": f"{settings.SITE_URL.rstrip('/')}{reverse('relay:home')}",
        "url": REFERRAL_URL,
        "expires": REFERRAL_EXPIRES,
    }
    subject = render_to_string("cases/emails/referral-subject.txt", context)
    body = render_to_string("cases/emails/referral-body.txt", context)
    return queue_message(
        kind=OutboxKind.REFERRAL,
        to=service.email,
        subject=" ".join(subject.split()),
        body=body,
        from_name="Relais",
        reply_to=school.direction_email,
    )


def mint(message: OutboxMessage, started: datetime, body: str) -> str:
    """The outbox's step 1 for a referral's e-mail: a new link for this attempt, in its
    transaction. A referral revoked while its e-mail waited gets a link that says so."""
    referral = Referral.objects.select_related("case__school").filter(message=message).first()
    if REFERRAL_URL not in body:
        return body
    if referral is None:
        # An e-mail the school has since replaced (it sent the link again) and that someone
        # queued again: it leaves without a link, rather than with the stand-in or a live one.
        with translation.override(SCHOOL_LANGUAGE):
            return body.replace(
                REFERRAL_URL, _("(this link was replaced by a newer e-mail from the school)")
            )
    token = secrets.token_urlsafe(32)  # 256 bits
    expires = started + timedelta(days=LINK_DAYS)
    # The links of earlier attempts (refused, deferred, or of unknown fate before a re-send)
    # stop opening the referral: only this attempt's e-mail carries a live one, as for an
    # invitation (relais.accounts.invitations.mint_link). Expired rather than revoked: the
    # relay's page then says the link is out of date, not that the school withdrew its request.
    ReferralLink.objects.filter(referral=referral, expires_at__gt=started).update(
        expires_at=started, updated_at=started
    )
    ReferralLink.objects.create(
        referral=referral,
        token_digest=token_digest(token),
        expires_at=expires,
        revoked_at=started if referral.state == ReferralState.REVOKED else None,
    )
    when = texts_for(referral.case.school.jurisdiction).when(expires)
    return body.replace(REFERRAL_URL, link_url(token)).replace(REFERRAL_EXPIRES, when)
