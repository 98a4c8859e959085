"""A school's team (the team page, relais/accounts/team_views.py): its members, and the direction
closing a colleague's account or opening it again.

- Deactivating takes a confirmation page whose POST carries a signed token, bound to the member
  and to the direction member who asks (as closing a case does, relais/cases/closing.py);
- the direction reactivates an account it deactivated, never one the association deactivated in
  the administration (the latest of the two kinds of audit row about the account tells);
- the school keeps an active direction member: nobody deactivates their own account, and each
  change locks the school's row and reads the one who asks again under that lock, so that two
  direction members deactivating each other at the same moment cannot both succeed.

Each change writes its audit row in its transaction.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.accounts.models import SCHOOL_ROLES, Role, User
from relais.audit.models import ActorKind, AuditAction, AuditEvent
from relais.audit.services import object_type, record
from relais.schools.models import School

# The confirmation page's token: a salt of its own (another feature's token never passes), and
# long enough to read the page, not long enough for a page left open overnight to act.
CONFIRM_SALT = "relais.accounts.deactivate-confirmation"
CONFIRM_MAX_AGE = timedelta(minutes=30)

# The audit rows that change whether an account is active: the school's, and the association's
# administration (whose "changed" row may be about any field: the school then leaves the
# account to the association).
_SWITCHES = (AuditAction.SCHOOL_MEMBER_DEACTIVATED, AuditAction.ADMIN_CHANGED)


class TeamError(Exception):
    """Refused, with a message in the user's language; nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def team_of(school_id: Any) -> Any:
    """A school's members, active ones first."""
    return User.objects.filter(school_id=school_id, role__in=SCHOOL_ROLES).order_by(
        "-is_active", "role", "username"
    )


def _confirmed_value(member: User, by: User) -> str:
    return f"{member.pk}:{by.pk}"


def deactivation_token(member: User, by: User) -> str:
    """What the confirmation page carries: deactivating takes that page's POST."""
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(_confirmed_value(member, by))


def deactivation_refused(token: str, member: User, by: User) -> str:
    """Why ``token`` does not confirm deactivating ``member`` by ``by``, in words; "" when it
    does."""
    if not token:
        return _(
            "Deactivating an account takes this page's confirmation: nothing was changed. "
            "Read what it does, then confirm."
        )
    try:
        value = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        return _(
            "This confirmation has expired (after 30 minutes): nothing was changed. Confirm again."
        )
    except signing.BadSignature:
        value = ""
    if value != _confirmed_value(member, by):
        return _(
            "This confirmation does not match this member: nothing was changed. Confirm again."
        )
    return ""


def reactivatable(members: list[User]) -> set[Any]:
    """The ids of those of ``members`` that the school deactivated itself: the latest row
    switching each of them is the school's (one query)."""
    ids = [str(m.pk) for m in members if not m.is_active]
    if not ids:
        return set()
    latest: dict[str, str] = {}
    rows = AuditEvent.objects.filter(
        object_type=object_type(members[0]), object_id__in=ids, action__in=_SWITCHES
    ).order_by("at", "pk")
    for object_id, action in rows.values_list("object_id", "action"):
        latest[object_id] = action
    return {m.pk for m in members if latest.get(str(m.pk)) == AuditAction.SCHOOL_MEMBER_DEACTIVATED}


def _lock_team(by: User) -> None:
    """Lock the school's row, then check that ``by`` is still an active member of its direction:
    a colleague may have deactivated them since their request began."""
    school_id: Any = by.school_id  # set: _check_direction saw a school's member
    School.objects.select_for_update().filter(pk=school_id).first()
    still = User.objects.filter(
        pk=by.pk, school_id=school_id, role=Role.DIRECTION, is_active=True
    ).exists()
    if not still:
        raise TeamError(
            _("Your account is no longer in your school's active direction: nothing was changed.")
        )


def _check_direction(by: User) -> None:
    if not (by.in_school and by.role == Role.DIRECTION):
        raise TeamError(_("Only the school's direction manages the team."))


def deactivate_member(*, by: User, member_id: Any) -> User:
    """A direction member closes a colleague's account (their own school's only: another id is
    `User.DoesNotExist`, a 404 for the view). The account stays, for the audit trail; its
    sessions stop at their next request. Never one's own account."""
    _check_direction(by)
    with transaction.atomic():
        _lock_team(by)
        member = team_of(by.school_id).select_for_update().get(pk=member_id)
        if member.pk == by.pk:
            raise TeamError(
                _("You cannot deactivate your own account. Ask another member of the direction.")
            )
        if not member.is_active:
            return member
        member.is_active = False
        member.save(update_fields=["is_active"])
        record(
            actor=by,
            actor_kind=ActorKind.SCHOOL,
            action=AuditAction.SCHOOL_MEMBER_DEACTIVATED,
            obj=member,
            role=member.role,
        )
    return member


def reactivate_member(*, by: User, member_id: Any) -> User:
    """A direction member opens again an account the school deactivated (their own school's
    only: another id is `User.DoesNotExist`). The member signs in again with their password and
    authenticator app; a session from before the deactivation is not brought back. An account
    the association deactivated in the administration is refused: the association decides."""
    _check_direction(by)
    with transaction.atomic():
        _lock_team(by)
        member = team_of(by.school_id).select_for_update().get(pk=member_id)
        if member.is_active:
            return member
        if member.pk not in reactivatable([member]):
            raise TeamError(
                _(
                    "This account was deactivated by the association you work with: ask it to "
                    "reactivate the account."
                )
            )
        member.is_active = True
        member.save(update_fields=["is_active"])
        _end_sessions(member)
        record(
            actor=by,
            actor_kind=ActorKind.SCHOOL,
            action=AuditAction.SCHOOL_MEMBER_REACTIVATED,
            obj=member,
            role=member.role,
        )
    return member


def _end_sessions(member: User) -> None:
    """Delete the member's sessions still unexpired: one left open on a shared or lost device
    before the deactivation would otherwise work again. Sessions are stored in the database
    (Django's default engine); rare enough (a reactivation) to read them all."""
    live = Session.objects.filter(expire_date__gt=timezone.now())
    ended = [s.pk for s in live.iterator() if s.get_decoded().get(SESSION_KEY) == str(member.pk)]
    Session.objects.filter(pk__in=ended).delete()
