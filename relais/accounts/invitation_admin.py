"""Invitations to a school's team in the admin: read-only, for the schools of the
administrator's jurisdictions (the schools a member may be attached to, relais.accounts.admin),
all for the platform administrator; the action "withdraw" calls the service
(relais.accounts.withdrawal), which checks the reach again and writes the audit row.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from relais.accounts.invitations import InvitationError
from relais.accounts.models import Invitation, User
from relais.accounts.withdrawal import invitations_within_reach, withdraw_invitation
from relais.staff.admin_scope import ReadOnlyScopedAdmin
from relais.staff.admin_site import admin_site

PENDING, USED, WITHDRAWN, EXPIRED = "pending", "used", "withdrawn", "expired"
# In French an invitation's state agrees with it ("retirée"): a context of its own.
STATES = {
    PENDING: pgettext_lazy("an invitation's state", "waiting"),
    USED: pgettext_lazy("an invitation's state", "used"),
    WITHDRAWN: pgettext_lazy("an invitation's state", "withdrawn"),
    EXPIRED: pgettext_lazy("an invitation's state", "expired"),
}


def state_of(invitation: Invitation) -> str:
    if invitation.used_at is not None:
        return USED
    if invitation.withdrawn_at is not None:
        return WITHDRAWN
    return EXPIRED if invitation.expires_at <= timezone.now() else PENDING


class InvitationStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Any:
        return list(STATES.items())

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        unused = Q(used_at__isnull=True, withdrawn_at__isnull=True)
        now = timezone.now()
        matching = {
            PENDING: unused & Q(expires_at__gt=now),
            USED: Q(used_at__isnull=False),
            WITHDRAWN: Q(used_at__isnull=True, withdrawn_at__isnull=False),
            EXPIRED: unused & Q(expires_at__lte=now),
        }
        value = self.value()
        return queryset.filter(matching[value]) if value in matching else queryset


@admin.register(Invitation, site=admin_site)
class InvitationAdmin(ReadOnlyScopedAdmin):
    """Read-only: services write invitations (relais.accounts.invitations). Never the token nor
    its digest: the e-mail's link is the only copy of the token, and it is the school's."""

    list_display = ("school", "role", "address", "created_at", "expires_at", "state")
    list_filter = (InvitationStateFilter, "role")
    list_select_related = ("school", "message")
    fields = (
        "school",
        "role",
        "address",
        "invited_by",
        "created_at",
        "expires_at",
        "used_at",
        "withdrawn_at",
        "state",
    )
    readonly_fields = fields
    search_fields = ("school__name", "school__code")
    ordering = ("-created_at",)
    actions = ("withdraw",)

    def scope(self, queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
        # The schools of the administrator's jurisdictions, as for attaching a member.
        return queryset.filter(pk__in=invitations_within_reach(user).values("pk"))

    @admin.display(description=_("official address it went to"))
    def address(self, obj: Invitation) -> str:
        return obj.message.to_email if obj.message is not None else ""

    @admin.display(description=_("state"))
    def state(self, obj: Invitation) -> str:
        return str(STATES[state_of(obj)])

    @admin.action(description=_("Withdraw the selected invitations"))
    def withdraw(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        withdrawn = refused = 0
        # The changelist's queryset is already this administrator's; the service checks again.
        for invitation in queryset:
            try:
                withdraw_invitation(by=cast(User, request.user), invitation_id=invitation.pk)
            except (InvitationError, Invitation.DoesNotExist):
                refused += 1
            else:
                withdrawn += 1
        if withdrawn:
            self.message_user(
                request,
                ngettext(
                    "%(count)d invitation withdrawn: its link no longer works.",
                    "%(count)d invitations withdrawn: their links no longer work.",
                    withdrawn,
                )
                % {"count": withdrawn},
            )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d invitation was already used and stays as it is.",
                    "%(count)d invitations were already used and stay as they are.",
                    refused,
                )
                % {"count": refused},
                level=messages.WARNING,
            )
