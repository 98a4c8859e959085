"""The Django admin of Relais: administrators only, second factor required.

Signing in happens on the staff pages (password, then TOTP, counted by django-axes); the admin's
own login page only sends people there, so there is a single door to guard.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

from relais.accounts.models import Role


def is_administrator(user: Any) -> bool:
    return bool(
        user.is_active
        and user.is_authenticated
        and (user.is_superuser or user.role == Role.ADMINISTRATOR)
    )


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
            # Signed in with the second factor, but not an administrator.
            return render(request, "staff/forbidden.html", status=403)
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect_to_login(next_url, reverse("staff:login"))


admin_site = RelaisAdminSite(name="admin")


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


class ReadOnlyAdmin(AdministratorAdmin):
    """For records that are written only by services (audit log, alerts)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
