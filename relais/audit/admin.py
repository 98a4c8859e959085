from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from relais.audit.models import AuditEvent
from relais.staff.admin_site import ReadOnlyAdmin, admin_site


@admin.register(AuditEvent, site=admin_site)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only. An administrator sees what the members of their organisation did; the
    operator (superuser) sees everything."""

    list_display = ("at", "actor", "actor_kind", "action", "object_type", "object_id")
    list_filter = ("action", "actor_kind", "object_type")
    list_select_related = ("actor",)
    search_fields = ("object_id", "actor__username")
    date_hierarchy = None
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        events = super().get_queryset(request)
        current: Any = request.user
        if current.is_superuser:
            return events
        return events.filter(actor__organisation_id=current.organisation_id)
