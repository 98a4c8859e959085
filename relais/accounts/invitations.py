"""Invitations to a school's team: the only way a school account is made outside the admin.

The invitation is an e-mail to the school's official address from the directory
(School.direction_email), never to an address typed in a form: whoever asks, the school's own
mailbox decides who gets the account (the direction forwards the e-mail). It leaves through the
notices' outbox; its one-time link is minted when the e-mail leaves, as the acknowledgment link
is (relais.notices.outbox), so that only the SHA-256 of its token is ever stored.

- The first account (direction) is asked from a notice's acknowledgment receipt
  (`request_school_account`), while the school has no direction member yet;
- then a direction member invites colleagues, direction or educator (`invite_member`); the
  team's members are managed in relais/accounts/team.py;
- the link opens /join/ (relais/accounts/join_views.py), where `join_school` makes the account;
  the second factor is then set up as for staff, before the account can do anything.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from relais.accounts.invitation_mail import INVITE_URL, compose, day_in, mail_language, when_in
from relais.accounts.models import INVITATION_DAYS, SCHOOL_ROLES, Invitation, Role, User
from relais.audit.models import ActorKind, AuditAction
from relais.audit.services import record
from relais.notices.models import OutboxKind, OutboxMessage, OutboxState
from relais.notices.queue import queue_message, token_digest
from relais.schools.models import School

MAX_TOKEN = 100

OPEN = "open"
NO_ADDRESS = "no_address"
PENDING = "pending"
HAS_TEAM = "has_team"


class InvitationError(Exception):
    """Refused, with a message in the user's language; nothing was stored."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvitationUnknown(Exception):
    """No invitation has this token."""


class InvitationGone(Exception):
    """The invitation was used already ("used"), withdrawn ("withdrawn") or has expired
    ("expired")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Offer:
    """What the acknowledgment receipt offers the school about an account."""

    state: str  # OPEN, NO_ADDRESS, PENDING or HAS_TEAM
    address: str
    pending: Invitation | None = None


@dataclass(frozen=True)
class Requested:
    invitation: Invitation
    queued: bool  # False: an invitation still valid was there, no second e-mail left


def pending_invitations(school: School, now: datetime | None = None) -> Any:
    """The invitations that may still make an account: not used, not withdrawn, not expired,
    and not carried by an e-mail the mail server refused (that one reached nobody: the school
    may ask again)."""
    return (
        Invitation.objects.filter(
            school=school,
            used_at__isnull=True,
            withdrawn_at__isnull=True,
            expires_at__gt=now or timezone.now(),
        )
        .exclude(message__state=OutboxState.FAILED)
        .order_by("created_at")
    )


def has_direction(school: School) -> bool:
    return User.objects.filter(school=school, role=Role.DIRECTION, is_active=True).exists()


def offer_for(school: School) -> Offer:
    """Whether the receipt page may ask for the school's first account, and if not, why."""
    address = school.direction_email
    if has_direction(school):
        return Offer(HAS_TEAM, address)
    if not address:
        return Offer(NO_ADDRESS, address)
    pending = pending_invitations(school).filter(invited_by__isnull=True).first()
    if pending is not None:
        return Offer(PENDING, address, pending)
    return Offer(OPEN, address)


def page_language() -> str:
    """The language the page is in (the request's), French when none is active."""
    return mail_language(translation.get_language())


def when(school: School, moment: datetime) -> str:
    """A date and time as the school's member reads it on a page: in the page's language, in
    the school's own time zone, named ("3 mars 2025 à 14 h 05 (heure de Bruxelles)", "3 March
    2025, 14:05 (Brussels time)")."""
    return when_in(school, moment, page_language())


def day(school: School, moment: datetime) -> str:
    """The date alone, as `when` reads it: "3 mars 2025", "3 maart 2025"."""
    return day_in(school, moment, page_language())


def _refusal(offer: Offer, contact: str) -> InvitationError:
    if offer.state == HAS_TEAM:
        return InvitationError(
            _(
                "Your school already has an account on Relais. Ask a member of your school's "
                "direction to invite you from the team page."
            )
        )
    if contact:
        return InvitationError(
            _(
                "Relais has no official e-mail address for your school, so it cannot send the "
                "invitation. Write to %(contact)s, the association that sent the notice: it can "
                "have the address added, then ask again from this page."
            )
            % {"contact": contact}
        )
    return InvitationError(
        _(
            "Relais has no official e-mail address for your school, so it cannot send the "
            "invitation. Answer the notice's e-mail: the association that sent it can have the "
            "address added, then ask again from this page."
        )
    )


def request_school_account(*, acknowledgment: Any, language: str | None = None) -> Requested:
    """The first account of the school whose direction acknowledged a notice: an invitation
    (role: direction) e-mailed to the school's official address, whatever anyone types, in
    `language` (the asking request's; French by default).

    Refused (InvitationError) when the school has no official address or already has a
    direction member; an invitation still valid is not sent again (`queued` is False)."""
    notice = acknowledgment.notice
    organisation = notice.alert.organisation
    contact = organisation.email if organisation is not None else ""
    with transaction.atomic():
        # One request at a time per school: two clicks at once queue one e-mail.
        school = School.objects.select_for_update().get(pk=notice.alert.school_id)
        offer = offer_for(school)
        if offer.state in (HAS_TEAM, NO_ADDRESS):
            raise _refusal(offer, contact)
        if offer.pending is not None:
            return Requested(offer.pending, queued=False)
        record(
            actor=None,
            actor_kind=ActorKind.SCHOOL,
            action=AuditAction.SCHOOL_ACCOUNT_REQUESTED,
            obj=school,
            notice=str(notice.pk),
        )
        asked_by = {"name": acknowledgment.name, "role": acknowledgment.role}
        invitation = _invite(
            school=school, role=Role.DIRECTION, by=None, asked_by=asked_by, language=language
        )
    return Requested(invitation, queued=True)


def invite_member(*, by: User, role: str, language: str | None = None) -> Invitation:
    """A direction member invites a colleague (direction or educator): the invitation still goes
    only to the school's official address, and the direction forwards it. The e-mail is in
    `language` (the inviting member's; French by default)."""
    if not (by.in_school and by.role == Role.DIRECTION):
        raise InvitationError(_("Only the school's direction invites colleagues."))
    if role not in SCHOOL_ROLES:
        raise InvitationError(_("Choose the colleague's role: direction or educator."))
    with transaction.atomic():
        school = School.objects.select_for_update(of=("self",)).get(members=by)
        if not school.direction_email:
            raise InvitationError(
                _(
                    "Relais has no official e-mail address for your school, so it cannot send "
                    "the invitation. Ask the association you work with to have it added."
                )
            )
        invitation = _invite(school=school, role=role, by=by, asked_by=None, language=language)
        record(
            actor=by,
            actor_kind=ActorKind.SCHOOL,
            action=AuditAction.SCHOOL_MEMBER_INVITED,
            obj=invitation,
            role=role,
        )
    return invitation


def _invite(
    *,
    school: School,
    role: str,
    by: User | None,
    asked_by: dict[str, str] | None,
    language: str | None,
) -> Invitation:
    expires = timezone.now() + timedelta(days=INVITATION_DAYS)
    subject, body = compose(
        school=school, role=role, by=by, asked_by=asked_by, expires=expires, language=language
    )
    message = queue_message(
        kind=OutboxKind.INVITATION, to=school.direction_email, subject=subject, body=body
    )
    invitation = Invitation.objects.create(
        school=school, role=role, message=message, expires_at=expires, invited_by=by
    )
    record(
        actor=by,
        actor_kind=ActorKind.SCHOOL,
        action=AuditAction.SCHOOL_INVITATION_SENT,
        obj=invitation,
        role=role,
        message_id=message.message_id,
    )
    return invitation


def join_url(token: str) -> str:
    # The token travels in the query string: the access log records the path only.
    return f"{settings.SITE_URL.rstrip('/')}{reverse('join:join')}?{urlencode({'t': token})}"


def mint_link(message: OutboxMessage, started: datetime, body: str) -> str:
    """The outbox's step 1 for an invitation (registered in AccountsConfig.ready): a new token
    for this attempt, its SHA-256 kept, the link put in the body. The link of an earlier
    attempt, refused or deferred, stops working: it never reached anyone."""
    invitation = Invitation.objects.select_for_update().filter(message=message).first()
    if invitation is None or INVITE_URL not in body:
        return body
    token = secrets.token_urlsafe(32)  # 256 bits
    invitation.token_digest = token_digest(token)
    invitation.save(update_fields=["token_digest", "updated_at"])
    return body.replace(INVITE_URL, join_url(token))


def invitation_for_token(token: str, *, lock: bool = False) -> Invitation:
    """The invitation behind a link, while it can still create its account."""
    if not token or len(token) > MAX_TOKEN:
        raise InvitationUnknown
    invitations = Invitation.objects.select_related("school")
    if lock:
        invitations = invitations.select_for_update()
    invitation = invitations.filter(token_digest=token_digest(token)).first()
    if invitation is None:
        raise InvitationUnknown
    if invitation.used_at is not None:
        raise InvitationGone("used")
    if invitation.withdrawn_at is not None:
        raise InvitationGone("withdrawn")
    if invitation.expires_at <= timezone.now():
        raise InvitationGone("expired")
    return invitation


def join_school(*, token: str, username: str, password: str) -> User:
    """Make the invitation's account (its school and role) with a username and a password that
    pass Django's validators; the link is spent. The account has no second factor yet: sign-in
    asks it to set one up before anything else (relais.staff.auth_views)."""
    with transaction.atomic():
        invitation = invitation_for_token(token, lock=True)
        username = User.normalize_username(username.strip())
        user = User(username=username, role=invitation.role, school=invitation.school)
        errors: dict[str, list[str]] = {}
        try:
            User.username_validator(username)
        except ValidationError as error:
            errors["username"] = list(error.messages)
        if User.objects.filter(username__iexact=username).exists():
            errors["username"] = [_("This username is taken. Choose another one.")]
        try:
            validate_password(password, user)
        except ValidationError as error:
            errors["password"] = list(error.messages)
        if errors:
            raise ValidationError(errors)
        user.set_password(password)
        user.save()
        invitation.used_at = timezone.now()
        invitation.account = user
        invitation.save(update_fields=["used_at", "account", "updated_at"])
        record(
            actor=user,
            actor_kind=ActorKind.SCHOOL,
            action=AuditAction.SCHOOL_ACCOUNT_CREATED,
            obj=user,
            role=invitation.role,
            school=str(invitation.school_id),
        )
    return user
