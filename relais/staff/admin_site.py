"""The Django admin of Relais: administrators only, second factor required.

Signing in happens on the staff pages (password, then TOTP, counted by django-axes); the admin's
own login page only sends people there, so there is a single door to guard.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

from relais.accounts.models import Role
from relais.audit.models import AuditAction
from relais.audit.services import record
from relais.staff.admin_titles import page_title


def is_administrator(user: Any) -> bool:
    return bool(
        user.is_active
        and user.is_authenticated
        and (user.is_superuser or user.role == Role.ADMINISTRATOR)
    )


def is_platform_administrator(user: Any) -> bool:
    """Django's superuser: the installation's operator, above every organisation."""
    return bool(user.is_active and user.is_authenticated and user.is_superuser)


class RelaisAdminSite(OTPAdminSite):
    site_header = _("Relais administration")
    site_title = _("Relais administration")
    index_title = _("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        user: Any = request.user
        return is_administrator(user) and user.is_verified()

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        user: Any = request.user
        if user.is_authenticated and user.is_verified():
            # Signed in with the second factor, but not an administrator: say truly why (a
            # case worker does handle alerts, only not the administration).
            context = {"organisation": user.organisation, "handles_alerts": user.handles_alerts}
            return render(request, "staff/admin_forbidden.html", context, status=403)
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect_to_login(next_url, reverse("staff:login"))

    def app_index(
        self, request: HttpRequest, app_label: str, extra_context: Any = None
    ) -> HttpResponse:
        # Django's "%(app)s administration" reads "Administration de Alertes" in French: an
        # application's page is titled with its name alone, in every language.
        app_list = self.get_app_list(request, app_label)
        titled = {"title": app_list[0]["name"]} if app_list else {}
        return super().app_index(request, app_label, {**titled, **(extra_context or {})})


admin_site = RelaisAdminSite(name="admin")


def changed_fields(message: Any) -> list[str]:
    """The labels of the fields an admin change message names ([{"changed": {"fields": …}}])."""
    if not isinstance(message, list):
        return []
    names = {name for part in message for name in part.get("changed", {}).get("fields", [])}
    return sorted(names)


class AdministratorAdmin(admin.ModelAdmin):
    """Permissions from the role rather than from Django's per-model permission rows: an
    administrator manages everything the site shows; the site itself checks role and TOTP."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request.user)

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        # Django answers a missing object with a redirect and a message quoting the id; a row
        # of another organisation is missing from this administrator's queryset, and answers
        # 404 on every page (change, delete, history, password), like one that never existed.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    # Titles that read well in French and Dutch (relais.staff.admin_titles), through the
    # documented views' extra_context; an add page's breadcrumbs end with its title.
    add_form_template = "staff/admin_add_form.html"

    def titled(self, page: str, extra_context: Any) -> dict[str, Any]:
        return {"title": page_title(page, self.model), **(extra_context or {})}

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None) -> Any:
        return super().add_view(request, form_url, self.titled("add", extra_context))

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> Any:
        # Django titles the page "View" when this administrator may not change the object. Every
        # admin of Relais grants changes by role and organisation, and an object outside the
        # organisation answers 404 before any title: the permission without the object is the
        # page's (tests/admin/test_pages_read_well.py checks it against the Save button).
        page = "change" if self.has_change_permission(request) else "view"
        return super().change_view(request, object_id, form_url, self.titled(page, extra_context))

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> Any:
        # One title whether the deletion is allowed or not: the page's text says which.
        return super().delete_view(request, object_id, self.titled("delete", extra_context))

    # Every write through the admin also goes to Relais's audit log, in the admin's own
    # transaction, where an organisation's administrators read what their members did: the
    # changed fields' names only, never their values (an e-mail, a password).
    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        entry = super().log_addition(request, obj, message)
        record(actor=request.user, action=AuditAction.ADMIN_ADDED, obj=obj)
        return entry

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        entry = super().log_change(request, obj, message)
        record(
            actor=request.user,
            action=AuditAction.ADMIN_CHANGED,
            obj=obj,
            fields=changed_fields(message),
        )
        return entry

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        for obj in queryset:
            record(actor=request.user, action=AuditAction.ADMIN_DELETED, obj=obj)
        return super().log_deletions(request, queryset)

    def related_choices(self, db_field: Any, request: HttpRequest) -> QuerySet[Any]:
        """The rows a foreign key or many-to-many field may point to: those the related model's
        own admin shows this administrator, or none when it has no admin."""
        model = db_field.remote_field.model
        try:
            related_admin = self.admin_site.get_model_admin(model)
        except NotRegistered:
            return model._default_manager.none()
        return related_admin.get_queryset(request)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if "queryset" not in kwargs and not is_platform_administrator(request.user):
            kwargs["queryset"] = self.related_choices(db_field, request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if "queryset" not in kwargs and not is_platform_administrator(request.user):
            kwargs["queryset"] = self.related_choices(db_field, request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ReadOnlyAdmin(AdministratorAdmin):
    """For records that are written only by services (audit log, alerts)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
