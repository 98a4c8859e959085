"""Organisations, staff members and their authenticators in the admin.

A superuser (the installation's operator) sees every account. An administrator sees and manages
the accounts of their own organisation only, and cannot grant superuser rights.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm, UsernameField
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from relais.accounts.models import Organisation, User
from relais.staff.admin_site import AdministratorAdmin, admin_site


@admin.register(Organisation, site=admin_site)
class OrganisationAdmin(AdministratorAdmin):
    list_display = ("name", "jurisdictions", "created_at")
    search_fields = ("name",)
    ordering = ("name",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(getattr(request.user, "is_superuser", False))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(getattr(request.user, "is_superuser", False))


class StaffChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {"username": UsernameField}


class StaffCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("username",)
        field_classes = {"username": UsernameField}


@admin.register(User, site=admin_site)
class StaffAdmin(AdministratorAdmin, DjangoUserAdmin):
    form = StaffChangeForm
    add_form = StaffCreationForm
    list_display = ("username", "email", "organisation", "role", "is_active", "last_login")
    list_filter = ("role", "is_active", "organisation")
    list_select_related = ("organisation",)
    search_fields = ("username", "first_name", "last_name", "email")
    ordering = ("username",)
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ()

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return (
                (
                    None,
                    {
                        "classes": ("wide",),
                        "fields": (
                            "username",
                            "usable_password",
                            "password1",
                            "password2",
                            "organisation",
                            "role",
                        ),
                    },
                ),
            )
        access: tuple[str, ...] = ("organisation", "role", "is_active")
        if getattr(request.user, "is_superuser", False):
            access += ("is_staff", "is_superuser")
        return (
            (None, {"fields": ("username", "password")}),
            (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
            (_("Access"), {"fields": access}),
            (_("Important dates"), {"fields": ("last_login", "date_joined")}),
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        users = super().get_queryset(request)
        current: Any = request.user
        if current.is_superuser:
            return users
        return users.filter(organisation_id=current.organisation_id, is_superuser=False)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        current: Any = request.user
        if db_field.name == "organisation" and not current.is_superuser:
            kwargs["queryset"] = Organisation.objects.filter(pk=current.organisation_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(TOTPDevice, site=admin_site)
class AuthenticatorAdmin(AdministratorAdmin):
    """Listed so that an administrator can delete a lost authenticator; the member then enrols
    a new one at their next sign-in. Secrets are never shown."""

    list_display = ("user", "name", "confirmed")
    list_filter = ("confirmed",)
    list_select_related = ("user",)
    fields = ("user", "name", "confirmed")
    readonly_fields = ("user", "name", "confirmed")
    search_fields = ("user__username",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[TOTPDevice]:
        devices = super().get_queryset(request)
        current: Any = request.user
        if current.is_superuser:
            return devices
        return devices.filter(
            user__organisation_id=current.organisation_id, user__is_superuser=False
        )
