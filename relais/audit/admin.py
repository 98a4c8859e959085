"""The audit log in the admin, in the reader's words: who, what, on which kind of object."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from relais.audit.models import AuditEvent
from relais.staff.admin_scope import ReadOnlyScopedAdmin
from relais.staff.admin_site import admin_site
from relais.staff.display import ACTIONS, ACTORS

# What the admin itself writes (relais.staff.admin_site.AdministratorAdmin.log_*).
ADMIN_ACTIONS: dict[str, Any] = {
    "admin.added": _("added in the administration"),
    "admin.changed": _("changed in the administration"),
    "admin.deleted": _("deleted in the administration"),
}
WORDS: dict[str, Any] = {**ACTIONS, **ADMIN_ACTIONS}


def action_label(code: str) -> str:
    return str(WORDS.get(code, code))  # an unknown code is shown as stored, not hidden


def object_label(code: str) -> str:
    try:
        return str(apps.get_model(code)._meta.verbose_name)
    except (LookupError, ValueError):
        return code


class CodeFilter(admin.SimpleListFilter):
    """A filter on a code column whose choices are the codes present in the administrator's own
    rows, each under its label in the reader's language."""

    field = ""

    def label(self, code: str) -> str:
        return code

    def lookups(self, request: HttpRequest, model_admin: Any) -> Any:
        codes = (
            model_admin.get_queryset(request)
            .order_by()
            .values_list(self.field, flat=True)
            .distinct()
        )
        return sorted(((code, self.label(code)) for code in codes), key=lambda pair: pair[1])

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(**{self.field: value}) if value else queryset


class ActionFilter(CodeFilter):
    title = _("action")
    parameter_name = field = "action"

    def label(self, code: str) -> str:
        return action_label(code)


class ObjectTypeFilter(CodeFilter):
    title = _("object type")
    parameter_name = field = "object_type"

    def label(self, code: str) -> str:
        return object_label(code)


@admin.register(AuditEvent, site=admin_site)
class AuditEventAdmin(ReadOnlyScopedAdmin):
    """Read-only. An administrator sees what the members of their organisation did; another
    organisation's log stays invisible; the operator (superuser) sees everything."""

    organisation_path = "actor__organisation"
    list_display = ("at", "who", "what", "kind_of_object", "object_id")
    list_filter = (ActionFilter, ObjectTypeFilter)
    list_select_related = ("actor",)
    search_fields = ("object_id", "actor__username")
    fields = ("at", "who", "what", "kind_of_object", "object_id", "detail")
    readonly_fields = fields
    date_hierarchy = None
    show_full_result_count = False

    @admin.display(description=_("actor"), ordering="actor__username")
    def who(self, event: AuditEvent) -> str:
        if event.actor is not None:
            return event.actor.get_username()
        return str(ACTORS.get(event.actor_kind, event.actor_kind))

    @admin.display(description=_("action"), ordering="action")
    def what(self, event: AuditEvent) -> str:
        return action_label(event.action)

    @admin.display(description=_("object type"), ordering="object_type")
    def kind_of_object(self, event: AuditEvent) -> str:
        return object_label(event.object_type)

    @admin.display(description=_("details"))
    def detail(self, event: AuditEvent) -> str:
        parts = []
        for key, value in sorted((event.details or {}).items()):
            shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            parts.append(f"{key}: {shown}")
        return "; ".join(parts)
