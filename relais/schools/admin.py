from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from relais.schools.models import School
from relais.staff.admin_scope import PlatformDataAdmin
from relais.staff.admin_site import admin_site


@admin.register(School, site=admin_site)
class SchoolAdmin(PlatformDataAdmin):
    """Schools are shared: a direction's e-mail decides where every organisation's notices go,
    so only the platform changes it."""

    list_display = ("name", "city", "code", "jurisdiction", "is_open")
    list_filter = ("jurisdiction", "is_open")
    search_fields = ("name", "city", "code")
    ordering = ("name",)

    def save_model(self, request: HttpRequest, obj: School, form: Any, change: bool) -> None:
        # The search column folds accents; it must follow every edit of name, city or code.
        obj.refresh_search_text()
        super().save_model(request, obj, form, change)
