from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from relais.alerts.models import Alert, Category
from relais.staff.admin_forms import labels
from relais.staff.admin_scope import ReadOnlyScopedAdmin
from relais.staff.admin_site import admin_site


@admin.register(Alert, site=admin_site)
class AlertAdmin(ReadOnlyScopedAdmin):
    """Metadata only, of the organisation's own alerts (through `alerts_for`). The description,
    the reporter's identity and the messages are read on the staff alert page, where every view
    is written to the audit log."""

    alert_path = "pk"
    list_display = ("reference", "created_at", "school", "status", "immediate_danger")
    list_filter = ("status", "immediate_danger")
    list_select_related = ("school",)
    fields = (
        "reference",
        "school",
        "organisation",
        "status",
        "status_changed_at",
        "kinds",
        "immediate_danger",
        "created_at",
    )
    readonly_fields = fields
    ordering = ("-created_at", "-id")
    show_full_result_count = False

    @admin.display(description=_("reference"))
    def reference(self, obj: Alert) -> str:
        return obj.reference

    @admin.display(description=_("categories"))
    def kinds(self, obj: Alert) -> str:
        return labels(obj.categories, Category.choices)
