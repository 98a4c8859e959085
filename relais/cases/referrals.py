"""Referrals: a school refers its case to a relay of the directory (PMS centre, mediation,
police referent...), and the relay answers (issue 12, point 4).

Every write is one transaction with its audit row (on the referral) and its proof entry
(relais/cases/proof_events.py): the family, the association and later an académie can rely on
when the school asked and what the relay answered. States move only through
relais/cases/workflow.py (sent → accepted | refused; accepted → done; sent/accepted → revoked).

Consent (domain.md, GDPR art. 8 and recital 38): a referral needs who consented and when. The
pupil alone consents from the pack's ``consent_age`` (15 in France, 13 in Belgium), and at any
age to counselling offered directly to a child (COUNSELLING); else the parents consent.

``Referral.reason`` holds the one text of a referral's life: the relay's reason to refuse, its
note when done, or the school's reason to withdraw. Each path writes it at most once; accepting
carries no text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from relais.audit.models import ActorKind, AuditAction, AuditEvent
from relais.audit.services import object_type, record
from relais.cases import proof_events, workflow
from relais.cases.access import is_school_side
from relais.cases.models import (
    MAX_TEXT,
    Case,
    CaseState,
    ConsentBy,
    Referral,
    ReferralLink,
    ReferralState,
)
from relais.cases.names import refuse_real_names
from relais.cases.referral_mail import queue_referral_email
from relais.cases.services import CaseError
from relais.cases.steps import earliest_day, school_zone
from relais.directory.models import Service
from relais.jurisdictions.packs import get_pack
from relais.notices.queue import token_digest, withdraw
from relais.notices.texts import texts_for

# Counselling offered directly to a child needs no parental consent (GDPR recital 38).
COUNSELLING = frozenset({Service.Kind.PSYCHOLOGICAL, Service.Kind.HELPLINE})
# The states in which the relay works on the case: it sees the case's pseudonymised people.
LIVE = frozenset({ReferralState.SENT, ReferralState.ACCEPTED, ReferralState.DONE})
# One "opened" audit row per referral and way in (link or account) within this time.
OPENED_QUIET = timedelta(days=1)
# A pupil's age, as a school types it: anything outside is a typing error.
AGES = range(3, 26)
NOW = object()  # in a move's ``changes``: the moment of the move


class LinkUnknown(Exception):
    """No referral link has this token: 404."""


class LinkGone(Exception):
    """The link was real but no longer opens its referral: 410. ``reason``: "expired" or
    "revoked" (the school withdrew its request); ``referral``, the one it opened (the page says
    what the service can still do, by where it stands)."""

    def __init__(self, reason: str, referral: Referral | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.referral = referral


@dataclass(frozen=True)
class Relay:
    """Who answers for the service: its account's member, or whoever holds the link."""

    kind: str  # "link" or "account"
    user: Any = None
    link: ReferralLink | None = None


def link_for_token(token: str, *, now: datetime | None = None) -> ReferralLink:
    """The live link of this token, or LinkUnknown / LinkGone."""
    now = now or timezone.now()
    if not token or len(token) > 200:
        raise LinkUnknown
    link = (
        ReferralLink.objects.select_related("referral__case__school", "referral__service")
        .filter(token_digest=token_digest(token))
        .first()
    )
    if link is None:
        raise LinkUnknown
    if link.revoked_at is not None or link.referral.state == ReferralState.REVOKED:
        raise LinkGone("revoked", link.referral)
    if link.expires_at <= now:
        raise LinkGone("expired", link.referral)
    return link


def relay_of(by_link_or_user: Any, referral: Referral) -> Relay:
    """The relay acting on this referral: a live link to it, or a member of its service."""
    if isinstance(by_link_or_user, ReferralLink):
        link = by_link_or_user
        now = timezone.now()
        if link.referral_id != referral.pk or link.revoked_at is not None or link.expires_at <= now:
            raise CaseError(_("This link does not open this referral."))
        return Relay(kind="link", link=link)
    user = by_link_or_user
    if not (getattr(user, "in_relay", False) and user.service_id == referral.service_id):
        raise CaseError(_("Only the service this case was referred to can answer."))
    return Relay(kind="account", user=user)


def consent_moment(value: date | datetime | None, jurisdiction: str) -> datetime | None:
    """A consent's day as the school typed it: midnight of that day in the school's zone."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.combine(value, time(), tzinfo=texts_for(jurisdiction).zone())


def too_early(earliest: date) -> str:
    return _(
        "The consent's date is too far before the case was opened: %(day)s at the earliest."
    ) % {"day": date_format(earliest)}


def check_consent(
    *, case: Case, service: Service, consent_by: str, consent_at: datetime | None, pupil_age: Any
) -> None:
    if consent_by not in ConsentBy.values or consent_at is None:
        raise CaseError(
            _("A referral needs the consent: say who gave it (the parents or the pupil) and when.")
        )
    if consent_at > timezone.now():
        raise CaseError(_("The consent's date is in the future."))
    earliest = earliest_day(case)
    if consent_at.astimezone(school_zone(case.school)).date() < earliest:
        # A consent given long before the case is a typing error, or one too old to rely on.
        raise CaseError(too_early(earliest))
    if consent_by != ConsentBy.PUPIL:
        return
    if not isinstance(pupil_age, int) or isinstance(pupil_age, bool) or pupil_age not in AGES:
        raise CaseError(
            _("Give the pupil's age: the law sets the age from which a pupil consents alone.")
        )
    pack = get_pack(case.school.jurisdiction)
    if pupil_age < pack.consent_age and service.kind not in COUNSELLING:
        raise CaseError(
            _(
                "In %(country)s a pupil consents alone from %(age)d years old, except to "
                "counselling offered directly to young people. A pupil of %(pupil)d needs the "
                "parents' consent for this service."
            )
            % {"country": pack.name(), "age": pack.consent_age, "pupil": pupil_age}
        )


def check_request(case: Case, request: str, *, by: Any) -> str:
    request = (request or "").strip()
    if not request:
        raise CaseError(_("Say what you ask of the service."))
    if len(request) > MAX_TEXT:
        raise CaseError(_("What you ask is too long: at most %(n)d characters.") % {"n": MAX_TEXT})
    refuse_real_names(case, request, by=by)  # the service reads pseudonyms only
    return request


def refer(
    *,
    case: Case,
    service: Service,
    consent_by: str,
    consent_at: date | datetime | None,
    request: str,
    by: Any,
    pupil_age: int | None = None,
) -> Referral:
    """Refer the case to the service, with the consent it needs; queue the e-mail that carries
    the service its link. Bad input: CaseError, nothing stored."""
    if not is_school_side(by, case):
        raise CaseError(_("Only the school's team can refer its case."))
    if service.jurisdiction != case.school.jurisdiction:
        raise CaseError(_("This service does not act in the school's country or community."))
    if not service.email:
        raise CaseError(
            _(
                "This service has no e-mail address in the directory: call it (%(phone)s) and "
                "ask the association to complete the directory."
            )
            % {"phone": service.phone or "—"}
        )
    moment = consent_moment(consent_at, case.school.jurisdiction)
    check_consent(
        case=case, service=service, consent_by=consent_by, consent_at=moment, pupil_age=pupil_age
    )
    assert moment is not None  # check_consent refuses a referral without its date
    request = check_request(case, request, by=by)
    now = timezone.now()
    with transaction.atomic():
        locked = Case.objects.select_for_update().select_related("school").get(pk=case.pk)
        if locked.state != CaseState.OPEN:
            raise CaseError(_("The case is closed: it can no longer be referred."))
        live = Referral.objects.filter(
            case=locked, service=service, state__in=[ReferralState.SENT, ReferralState.ACCEPTED]
        )
        if live.exists():
            raise CaseError(
                _("The case is already referred to this service: its referral is in the list.")
            )
        pack = get_pack(locked.school.jurisdiction)
        referral = Referral.objects.create(
            case=locked,
            service=service,
            consent_by=consent_by,
            consent_at=moment,
            request=request,
            referred_by=by,
            sent_at=now,
            answer_by=now + timedelta(days=pack.referral_answer_days),
        )
        referral.message = queue_referral_email(referral)
        referral.save(update_fields=["message", "updated_at"])
        proof_events.referral_sent(referral=referral)
        details: dict[str, Any] = {"case": str(locked.pk), "service": str(service.pk)}
        details["consent_by"] = consent_by
        if consent_by == ConsentBy.PUPIL:
            details["pupil_age"] = pupil_age  # what made the pupil's own consent enough
        record(
            actor=by,
            actor_kind=ActorKind.SCHOOL,
            action=AuditAction.REFERRAL_SENT,
            obj=referral,
            **details,
        )
    return referral


# What a refused move means to the person who tried it, by the referral's state.
def _replayed(state: str, event: str) -> CaseError:
    if state == ReferralState.REVOKED:
        return CaseError(_("The school withdrew this request: nothing more can be recorded."))
    if event == "done" and state == ReferralState.SENT:
        return CaseError(_("Accept the referral before recording your work as done."))
    messages: dict[str, str] = {
        ReferralState.ACCEPTED: _("This referral was already accepted; nothing was recorded."),
        ReferralState.REFUSED: _("This referral was already refused; nothing was recorded."),
        ReferralState.DONE: _("This referral is already done; nothing was recorded."),
    }
    return CaseError(messages.get(state, _("This cannot be recorded now.")))


def _move(
    referral: Referral,
    event: str,
    *,
    by: ActorKind,
    actor: Any,
    text: str | None,
    changes: dict[str, Any],
    **details: Any,
) -> Referral:
    """One answer, under the referral's row lock: a second click, a colleague's answer or a
    replayed form finds the state moved and stores nothing."""
    now = timezone.now()
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        try:
            step = workflow.find(Referral, locked.state, event, by)
        except workflow.IllegalMove:
            raise _replayed(locked.state, event) from None
        if text is not None:
            locked.reason = text
            changes = {**changes, "reason": text}
        changes = {key: (now if value is NOW else value) for key, value in changes.items()}
        if event == "revoke":
            # Its e-mail still waiting in the outbox would carry a dead link: it never leaves.
            details["email_withdrawn"] = withdraw(locked.message_id, by=ActorKind.SCHOOL)
        entry = proof_events.referral_answered(referral=locked, at=now, state=step.target)
        workflow.move(
            locked,
            event,
            by=by,
            actor=actor,
            audit_on=locked,
            changes=changes,
            proof=entry,
            case=str(locked.case_id),
            **details,
        )
        if event == "revoke":
            ReferralLink.objects.filter(referral=locked, revoked_at__isnull=True).update(
                revoked_at=now
            )
    return locked


def _text(value: str | None, *, required: Any = None) -> str:
    text = (value or "").strip()
    if required is not None and not text:
        raise CaseError(required)
    if len(text) > MAX_TEXT:
        raise CaseError(_("The text is too long: at most %(n)d characters.") % {"n": MAX_TEXT})
    return text


def answer(*, referral: Referral, accept: bool, reason: str = "", by_link_or_user: Any) -> Referral:
    """The relay accepts, or refuses with a reason."""
    relay = relay_of(by_link_or_user, referral)
    if accept:
        event, text, changes = "accept", None, {"answered_at": NOW}
    else:
        event = "refuse"
        text = _text(reason, required=_("Say why the service refuses: the school needs it."))
        changes = {"answered_at": NOW, "closed_at": NOW}
    return _move(
        referral,
        event,
        by=ActorKind.RELAY,
        actor=relay.user,
        text=text,
        changes=changes,
        via=relay.kind,
    )


def mark_done(*, referral: Referral, note: str = "", by_link_or_user: Any) -> Referral:
    """The relay records its work as done, with a short note (optional: it may be bound to
    professional secrecy)."""
    relay = relay_of(by_link_or_user, referral)
    return _move(
        referral,
        "done",
        by=ActorKind.RELAY,
        actor=relay.user,
        text=_text(note),
        changes={"closed_at": NOW},
        via=relay.kind,
    )


def revoke(*, referral: Referral, reason: str, by: Any) -> Referral:
    """The school withdraws its request (the consent was withdrawn, the service was the wrong
    one...): its links stop opening it, and the relay reads that the school withdrew it."""
    case = Case.objects.only("school_id").get(pk=referral.case_id)
    if not is_school_side(by, case):
        raise CaseError(_("Only the school's team can withdraw its referral."))
    text = _text(reason, required=_("Say why the school withdraws its request."))
    refuse_real_names(case, text, by=by)  # the relay reads it
    return _move(
        referral,
        "revoke",
        by=ActorKind.SCHOOL,
        actor=by,
        text=text,
        changes={"closed_at": NOW},
    )


def record_opened(*, referral: Referral, relay: Relay, now: datetime | None = None) -> bool:
    """The relay opened the referral: audited once a day per way in (link or account member),
    so that the school can tell it was read. Returns True when a row was written."""
    now = now or timezone.now()
    recent = AuditEvent.objects.filter(
        action=AuditAction.REFERRAL_OPENED,
        object_type=object_type(referral),
        object_id=str(referral.pk),
        at__gte=now - OPENED_QUIET,
        details__via=relay.kind,
    )
    if relay.user is not None:
        recent = recent.filter(actor=relay.user)
    with transaction.atomic():
        if recent.exists():
            return False
        record(
            actor=relay.user,
            actor_kind=ActorKind.RELAY,
            action=AuditAction.REFERRAL_OPENED,
            obj=referral,
            case=str(referral.case_id),
            via=relay.kind,
        )
    return True


def relay_referrals(user: Any) -> Any:
    """The referrals of a relay member's service, newest first; withdrawn ones are not shown."""
    if not user.in_relay:
        return Referral.objects.none()
    return (
        Referral.objects.filter(service_id=user.service_id)
        .exclude(state=ReferralState.REVOKED)
        .select_related("case__school")
        .order_by("-sent_at")
    )
