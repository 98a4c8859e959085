"""Notices, the outbox and escalation proposals in the admin: read-only, since only the services
write them (with their audit rows and proof entries), and scoped to the administrator's own
organisation through the alert each one is about (relais.staff.admin_scope, which asks
relais.alerts.access.alerts_for)."""

from __future__ import annotations

from email.header import decode_header, make_header

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from relais.notices.models import EscalationProposal, Notice, OutboxMessage
from relais.staff.admin_scope import ReadOnlyScopedAdmin
from relais.staff.admin_site import admin_site


class OrganisationScopedAdmin(ReadOnlyScopedAdmin):
    """Read-only, and only the rows about the alerts of the administrator's organisation."""

    alert_path = "alert"  # how to reach the alert from the model

    # Labels for the fields the models leave unnamed (their field names are English only).
    @admin.display(description=_("notice"))
    def about_notice(self, obj: OutboxMessage | EscalationProposal) -> str:
        return str(obj.notice) if obj.notice else ""


@admin.register(Notice, site=admin_site)
class NoticeAdmin(OrganisationScopedAdmin):
    list_display = ("__str__", "state", "queued_at", "sent_at", "acknowledged_at")
    list_filter = ("state",)
    fields = (
        "alert",
        "jurisdiction",
        "state",
        "subject",
        "body",
        "facts",
        "override_reason",
        "queued_at",
        "sent_at",
        "acknowledged_at",
        "reminder_queued_at",
    )
    readonly_fields = fields
    ordering = ("-created_at",)


@admin.register(OutboxMessage, site=admin_site)
class OutboxMessageAdmin(OrganisationScopedAdmin):
    alert_path = "notice__alert"
    list_display = ("message_id", "kind", "state", "to_email", "attempts", "sent_at")
    list_filter = ("kind", "state")
    # The body is left out: it is the notice's text, shown on the notice, plus a placeholder.
    fields = (
        "kind",
        "about_notice",
        "sender",
        "to_email",
        "subject",
        "message_id",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
    )
    readonly_fields = fields
    ordering = ("-created_at",)

    @admin.display(description=_("from"))
    def sender(self, obj: OutboxMessage) -> str:
        # Stored as the header is sent: a name outside ASCII is encoded ("=?utf-8?q?...?=").
        return str(make_header(decode_header(obj.from_email)))


@admin.register(EscalationProposal, site=admin_site)
class EscalationProposalAdmin(OrganisationScopedAdmin):
    alert_path = "notice__alert"
    list_display = ("__str__", "state", "created_at", "queued_at")
    list_filter = ("state",)
    fields = ("about_notice", "authority", "to_email", "state", "decider", "queued_at", "sent_as")
    readonly_fields = fields
    ordering = ("-created_at",)

    @admin.display(description=_("decided by"))
    def decider(self, obj: EscalationProposal) -> str:
        return str(obj.decided_by or "")

    @admin.display(description=_("e-mail sent"))
    def sent_as(self, obj: EscalationProposal) -> str:
        return str(obj.message or "")
