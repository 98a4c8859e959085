"""Sending a service its referral's link again (issue 12, point 4): the link expired (30 days),
or the e-mail bounced or was lost, and the referral still waits on the service.

Which referrals: those still sent (the service has not answered) or accepted (it has not
recorded its work done: a service without an account needs a link for that), of an open case.
A refused, done or withdrawn referral waits on nobody; a closed case sends nothing more.

What it does, in one transaction under the referral's row lock: withdraws the referral's e-mail
still waiting in the outbox (it would carry a link that is about to end), ends the earlier links
at once (as a new sending attempt does: only the newest e-mail's link opens the referral), and
queues a new e-mail to the service's address read from the directory now (never one typed in a
form), whose link the outbox mints when it leaves. Then its proof entry (``referral.resent``) and
its audit row (``referral.resent``). The referral's dates do not move: ``answer_by`` is what the
school expected when it asked.

At most once per RESEND_QUIET per referral, while its newest e-mail (the first one, or the last
resend) is on its way (queued or being sent: counted from when it was put in the outbox) or was
accepted by the service's mail server (counted from then): the school is told which, and how long
to wait, and nothing is stored. After a refusal, or an outcome unknown (a worker stopped once the
e-mail was handed over), the link may go again at once: nothing says the service has it.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from relais.audit.models import ActorKind, AuditAction
from relais.audit.services import record
from relais.cases import proof_events
from relais.cases.access import is_school_side
from relais.cases.models import Case, CaseState, Referral, ReferralLink, ReferralState
from relais.cases.referral_mail import queue_referral_email
from relais.cases.services import CaseError
from relais.directory.models import Service
from relais.notices.models import OutboxMessage, OutboxState
from relais.notices.queue import withdraw

RESENDABLE = frozenset({ReferralState.SENT, ReferralState.ACCEPTED})
# A school that clicks twice, or again while the first e-mail is still on its way, sends nothing
# more: the service would receive a flurry of links of which only the last works.
RESEND_QUIET = timedelta(minutes=10)


def may_resend(referral: Referral, case: Case) -> bool:
    """Whether the school's page offers "Send the link again" (the service decides finally)."""
    return referral.state in RESENDABLE and case.state == CaseState.OPEN


def resend_link(*, referral: Referral, by: Any) -> Referral:
    """Send the service a new link to the referral. Bad input or too soon: CaseError, nothing
    stored."""
    case = Case.objects.select_related("school").get(pk=referral.case_id)
    if not is_school_side(by, case):
        raise CaseError(_("Only the school's team can send the service its link again."))
    now = timezone.now()
    with transaction.atomic():
        # The case first, as referring does: a closing at the same moment waits, or wins.
        if Case.objects.select_for_update().get(pk=case.pk).state != CaseState.OPEN:
            raise CaseError(_("The case is closed: its referrals' links are not sent again."))
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.state not in RESENDABLE:
            raise CaseError(
                _("This referral waits on nobody any more: its link is not sent again.")
            )
        service = Service.objects.get(pk=locked.service_id)  # the directory's address, now
        if not service.email:
            raise CaseError(
                _(
                    "This service has no e-mail address in the directory: call it (%(phone)s) "
                    "and ask the association to complete the directory."
                )
                % {"phone": service.phone or "—"}
            )
        too_soon = _too_soon(locked, now)
        if too_soon:
            raise CaseError(too_soon)
        withdrawn = withdraw(locked.message_id, by=ActorKind.SCHOOL)
        ended = ReferralLink.objects.filter(
            referral=locked, revoked_at__isnull=True, expires_at__gt=now
        ).update(expires_at=now, updated_at=now)
        locked.case, locked.service = case, service
        locked.message = queue_referral_email(locked, again=True)
        locked.save(update_fields=["message", "updated_at"])
        proof_events.referral_resent(referral=locked, at=now)
        record(
            actor=by,
            actor_kind=ActorKind.SCHOOL,
            action=AuditAction.REFERRAL_RESENT,
            obj=locked,
            case=str(case.pk),
            service=str(service.pk),
            links_ended=ended,
            earlier_email_withdrawn=withdrawn,
            at=now.isoformat(),  # the moment the proof entry's payload holds
        )
    return locked


def _too_soon(referral: Referral, now: datetime) -> str:
    """Why the link may not go again yet, or "" (the newest e-mail refused, of unknown outcome,
    withdrawn, or older than RESEND_QUIET)."""
    if referral.message_id is None:
        return ""
    row = (
        OutboxMessage.objects.filter(pk=referral.message_id)
        .values("state", "created_at", "sent_at")
        .first()
    )
    if row is None:
        return ""
    on_its_way = row["state"] in (OutboxState.QUEUED, OutboxState.SENDING)
    if on_its_way:
        since = row["created_at"]
    elif row["state"] == OutboxState.SENT:
        since = row["sent_at"] or row["created_at"]
    else:
        return ""
    if now - since >= RESEND_QUIET:
        return ""
    minutes = max(1, math.ceil((since + RESEND_QUIET - now).total_seconds() / 60))
    if on_its_way:
        text = ngettext(
            "The service's link was put in the outbox less than 10 minutes ago and is being "
            "sent. You can send it again in %(minutes)d minute.",
            "The service's link was put in the outbox less than 10 minutes ago and is being "
            "sent. You can send it again in %(minutes)d minutes.",
            minutes,
        )
    else:
        text = ngettext(
            "The service's mail server accepted its link less than 10 minutes ago. You can "
            "send it again in %(minutes)d minute.",
            "The service's mail server accepted its link less than 10 minutes ago. You can "
            "send it again in %(minutes)d minutes.",
            minutes,
        )
    return text % {"minutes": minutes}
