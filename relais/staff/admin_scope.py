"""Which rows of the admin an administrator reaches: those of their own organisation.

Two kinds of data live in the admin:

- an organisation's own rows (its members, their authenticators, its alerts and everything
  about them, its audit log): `OrganisationScopedAdmin` lists, opens, changes and deletes only
  the rows of the administrator's organisation; anything else answers 404, as if it did not
  exist;
- shared reference data (schools, the directory of services, legal references): every
  administrator reads them, only a platform administrator changes them (`PlatformDataAdmin`),
  because a school's direction e-mail or an organisation's territories decide where every
  organisation's alerts and notices go.

A platform administrator is Django's superuser: the installation's operator, who belongs to no
organisation. It is a flag only `createsuperuser` or another superuser sets, the admin's own
forms never show it to an organisation's administrator, and Django already grants it
everything, so no second notion of "above every organisation" can drift from it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from relais.alerts.access import alerts_for
from relais.staff.admin_site import (
    AdministratorAdmin,
    is_administrator,
    is_platform_administrator,
)

__all__ = [
    "OrganisationScopedAdmin",
    "PlatformDataAdmin",
    "ReadOnlyScopedAdmin",
    "is_platform_administrator",
]


class OrganisationScopedAdmin(AdministratorAdmin):
    """Rows of the administrator's own organisation only; a superuser sees them all.

    Set `alert_path` for rows about an alert (scoped through `alerts_for`, the alerts' access
    helper), or `organisation_path` for rows that name their organisation ("" for the
    organisation itself).
    """

    organisation_path: str = "organisation"
    alert_path: str | None = None

    def scope(self, queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
        if self.alert_path is not None:
            return queryset.filter(**{f"{self.alert_path}__in": alerts_for(user)})
        organisation_id = getattr(user, "organisation_id", None)
        if organisation_id is None:
            # Without this, "organisation = NULL" would match the rows of no organisation.
            return queryset.none()
        lookup = f"{self.organisation_path}__pk" if self.organisation_path else "pk"
        return queryset.filter(**{lookup: organisation_id})

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if is_platform_administrator(request.user):
            return queryset
        if not is_administrator(request.user):
            return queryset.none()
        return self.scope(queryset, request.user)

    def in_scope(self, request: HttpRequest, obj: Any) -> bool:
        if obj is None or is_platform_administrator(request.user):
            return True
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_view_permission(request, obj) and self.in_scope(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and self.in_scope(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and self.in_scope(request, obj)


class ReadOnlyScopedAdmin(OrganisationScopedAdmin):
    """Rows written only by services (with their audit rows and proof entries): read here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PlatformDataAdmin(AdministratorAdmin):
    """Shared reference data: every administrator reads it, a platform administrator changes it."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_platform_administrator(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_platform_administrator(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_platform_administrator(request.user)
