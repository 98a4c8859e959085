from __future__ import annotations

from django.contrib import admin

from relais.audit.models import AuditEvent
from relais.staff.admin_scope import ReadOnlyScopedAdmin
from relais.staff.admin_site import admin_site


@admin.register(AuditEvent, site=admin_site)
class AuditEventAdmin(ReadOnlyScopedAdmin):
    """Read-only. An administrator sees what the members of their organisation did; another
    organisation's log stays invisible; the operator (superuser) sees everything."""

    organisation_path = "actor__organisation"
    list_display = ("at", "actor", "actor_kind", "action", "object_type", "object_id")
    list_filter = ("action", "actor_kind", "object_type")
    list_select_related = ("actor",)
    search_fields = ("object_id", "actor__username")
    date_hierarchy = None
    show_full_result_count = False
