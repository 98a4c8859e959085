"""Withdrawing an invitation that has not been used: its link then answers 410, like a spent
or expired one (relais.accounts.join_views). The school's direction withdraws its own school's
from the team page; an administrator those of the schools of their organisation's
jurisdictions, from the admin (the same reach as the schools a relay's or school's member may be
attached to there); the platform administrator any.

Its e-mail still waiting in the outbox (queued, or deferred for a retry) is withdrawn with it
(outbox state "cancelled", relais.notices.queue.withdraw): it would only carry a dead link. One
being sent or already sent stays as it is; the audit row says which (`email_withdrawn`).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.accounts.invitations import InvitationError
from relais.accounts.models import Invitation, Role, User
from relais.audit.models import ActorKind, AuditAction
from relais.audit.services import record
from relais.notices.models import OutboxMessage
from relais.notices.queue import withdraw


def _is_direction(user: Any) -> bool:
    return bool(user.in_school and user.role == Role.DIRECTION)


def invitations_within_reach(user: Any) -> QuerySet[Invitation]:
    """The invitations `user` may see and withdraw: their school's for a school's member (the
    direction alone withdraws them), their organisation's jurisdictions' for an administrator,
    all for the platform administrator, none for anybody else."""
    invitations = Invitation.objects.all()
    if not (user.is_authenticated and user.is_active):
        return invitations.none()
    if user.is_superuser:
        return invitations
    if user.in_school:
        return invitations.filter(school_id=user.school_id)
    if user.role == Role.ADMINISTRATOR and user.organisation_id is not None:
        return invitations.filter(school__jurisdiction__in=user.organisation.jurisdictions)
    return invitations.none()


def withdraw_invitation(*, by: User, invitation_id: Any) -> Invitation:
    """Withdraw an invitation not used yet and its e-mail if it has not left, audited
    `school.invitation_withdrawn`. Withdrawn already: nothing changes. Out of `by`'s reach:
    `Invitation.DoesNotExist` (a 404 for a view). Used already, or `by` is an educator:
    InvitationError, nothing changes."""
    reachable = invitations_within_reach(by)
    with transaction.atomic():
        # The outbox worker locks the e-mail, then the invitation (it mints the link, in
        # invitations.mint_link): lock them in the same order, or each would wait on the other.
        message_id = reachable.values_list("message_id", flat=True).get(pk=invitation_id)
        list(OutboxMessage.objects.select_for_update().filter(pk=message_id))
        invitation = reachable.select_for_update(of=("self",)).get(pk=invitation_id)
        if by.in_school and not _is_direction(by):
            raise InvitationError(_("Only the school's direction withdraws invitations."))
        if invitation.withdrawn_at is not None:
            return invitation
        if invitation.used_at is not None:
            raise InvitationError(
                _(
                    "This invitation was already used: an account exists. To close it, "
                    "deactivate the account from the team page."
                )
            )
        kind = ActorKind.SCHOOL if by.in_school else ActorKind.STAFF
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at", "updated_at"])
        record(
            actor=by,
            actor_kind=kind,
            action=AuditAction.SCHOOL_INVITATION_WITHDRAWN,
            obj=invitation,
            role=invitation.role,
            # Under the e-mail's row lock: the worker, which skips locked rows, finds it
            # cancelled once this commits, or claimed it before and it stays as it is.
            email_withdrawn=withdraw(message_id, by=kind),
        )
    return invitation
