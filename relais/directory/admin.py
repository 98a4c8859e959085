from __future__ import annotations

from django.contrib import admin

from relais.directory.models import Service
from relais.staff.admin_scope import PlatformDataAdmin
from relais.staff.admin_site import admin_site


@admin.register(Service, site=admin_site)
class ServiceAdmin(PlatformDataAdmin):
    """The directory is shared by every organisation: read by all, changed by the platform."""

    list_display = ("name", "kind", "area", "phone", "email", "jurisdiction")
    list_filter = ("jurisdiction", "kind")
    search_fields = ("name", "area")
