from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from relais.alerts.access import alerts_for
from relais.alerts.models import Alert
from relais.staff.admin_site import ReadOnlyAdmin, admin_site


@admin.register(Alert, site=admin_site)
class AlertAdmin(ReadOnlyAdmin):
    """Metadata only. The description, the reporter's identity and the messages are read on the
    staff alert page, where every view is written to the audit log."""

    list_display = ("reference", "created_at", "school", "status", "immediate_danger")
    list_filter = ("status", "immediate_danger")
    list_select_related = ("school",)
    fields = (
        "school",
        "organisation",
        "status",
        "status_changed_at",
        "categories",
        "immediate_danger",
        "created_at",
    )
    readonly_fields = fields
    ordering = ("-created_at", "-id")
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Alert]:
        current: Any = request.user
        if current.is_superuser:
            return super().get_queryset(request)
        return alerts_for(current).select_related("school")
