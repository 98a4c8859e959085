"""Organisations, staff members, their authenticators and school invitations in the admin.

A platform administrator (superuser) sees every account. An organisation's administrator sees
and manages its own organisation only: its members, their authenticators, and its contact
details; its name and territories (which decide where alerts go) are the platform's to change.
Invitations to a school's team: relais/accounts/invitation_admin.py, registered from here.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    AdminUserCreationForm,
    UserChangeForm,
    UsernameField,
)
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from relais.accounts.models import SCHOOL_ROLES, Authenticator, Organisation, Role, User
from relais.jurisdictions.packs import jurisdiction_choices
from relais.staff.admin_forms import choice_list_field, labels
from relais.staff.admin_scope import OrganisationScopedAdmin, is_platform_administrator
from relais.staff.admin_site import admin_site


class OrganisationForm(forms.ModelForm):
    jurisdictions = choice_list_field(
        jurisdiction_choices(),
        label=_("jurisdictions covered"),
        help_text=_("Alerts about the schools of these jurisdictions come to this organisation."),
    )

    class Meta:
        model = Organisation
        fields = ("name", "jurisdictions", "email", "phone", "address", "website")


@admin.register(Organisation, site=admin_site)
class OrganisationAdmin(OrganisationScopedAdmin):
    organisation_path = ""
    form = OrganisationForm
    list_display = ("name", "territories", "email", "created_at")
    search_fields = ("name",)
    ordering = ("name",)

    @admin.display(description=_("jurisdictions covered"))
    def territories(self, obj: Organisation) -> str:
        return labels(obj.jurisdictions, jurisdiction_choices())

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if is_platform_administrator(request.user):
            return ()
        return ("name", "territories")

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if is_platform_administrator(request.user):
            return OrganisationForm.Meta.fields
        return ("name", "territories", "email", "phone", "address", "website")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_platform_administrator(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_platform_administrator(request.user)


class AttachmentCheck:
    """A school's member belongs to a school, a relay's member to a service of the directory,
    and nobody else to either: relais.cases.access decides from these which cases one sees."""

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()  # type: ignore[misc]
        role = data.get("role", "")
        school, service = data.get("school"), data.get("service")
        add_error = self.add_error  # type: ignore[attr-defined]
        if role in SCHOOL_ROLES:
            if school is None and "school" not in self.errors:  # type: ignore[attr-defined]
                add_error("school", _("A member of a school's team needs their school."))
            if service is not None:
                add_error("service", _("A member of a school's team belongs to no service."))
        elif role == Role.RELAY:
            if service is None and "service" not in self.errors:  # type: ignore[attr-defined]
                add_error("service", _("A relay's member needs their service of the directory."))
            if school is not None:
                add_error("school", _("A relay's member belongs to no school."))
        else:
            if school is not None:
                add_error(
                    "school",
                    _("Only a member of a school's team (direction, educator) has a school."),
                )
            if service is not None:
                add_error("service", _("Only a relay's member has a service."))
        return data


class StaffChangeForm(AttachmentCheck, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {"username": UsernameField}


class StaffCreationForm(AttachmentCheck, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("username",)
        field_classes = {"username": UsernameField}


class StaffPasswordForm(AdminPasswordChangeForm):
    # Django 5.2 appends its warning to this help text in English, outside its catalogues. The
    # list's id is the one Django's script shows when "Disabled" is chosen.
    # A lazy string, rendered in the reader's language (typed as str by django-stubs).
    usable_password_help_text = cast(
        str,
        format_lazy(
            '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
            _(
                "Whether the user will be able to authenticate using a password or not. "
                "If disabled, they may still be able to authenticate using other backends, "
                "such as Single Sign-On or LDAP."
            ),
            _("If disabled, the current password for this user will be lost."),
        ),
    )


@admin.register(User, site=admin_site)
class StaffAdmin(OrganisationScopedAdmin, DjangoUserAdmin):
    form = StaffChangeForm
    add_form = StaffCreationForm
    change_password_form = StaffPasswordForm
    # Django's member form (the password fields' script), with the breadcrumbs of our add pages.
    add_form_template = "staff/admin_add_member_form.html"
    list_display = (
        "username",
        "email",
        "organisation",
        "role",
        "attached_to",
        "is_active",
        "last_login",
    )
    list_select_related = ("organisation", "school", "service")
    # A school among tens of thousands is searched, not scrolled; the choice is still checked
    # against the administrator's jurisdictions (formfield_for_foreignkey).
    autocomplete_fields = ("school",)
    search_fields = ("username", "first_name", "last_name", "email")
    ordering = ("username",)
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ()

    def scope(self, queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
        # The platform's operators are nobody's members to manage.
        return super().scope(queryset, user).filter(is_superuser=False)

    def get_list_filter(self, request: HttpRequest) -> Any:
        # Only the organisations present in the list the administrator sees: a plain related
        # filter would name every organisation of the installation.
        return ("role", "is_active", ("organisation", admin.RelatedOnlyFieldListFilter))

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
                            "school",
                            "service",
                        ),
                    },
                ),
            )
        access: tuple[str, ...] = ("organisation", "role", "school", "service", "is_active")
        if is_platform_administrator(request.user):
            access += ("is_staff", "is_superuser")
        return (
            (None, {"fields": ("username", "password")}),
            (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
            (_("Access"), {"fields": access}),
            (_("Important dates"), {"fields": ("last_login", "date_joined")}),
        )

    @admin.display(description=_("school or service"))
    def attached_to(self, obj: User) -> str:
        return str(obj.school or obj.service or "")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        user: Any = request.user
        if db_field.name in ("school", "service") and not is_platform_administrator(user):
            # Schools and services are shared data every administrator reads; a member is
            # attached only to one of the administrator's own jurisdictions.
            territories = user.organisation.jurisdictions if user.organisation else []
            model = db_field.remote_field.model
            kwargs["queryset"] = model._default_manager.filter(jurisdiction__in=territories)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "organisation" and not is_platform_administrator(request.user):
            # A member taken out of every organisation would be out of reach but for the
            # platform's operator.
            field.required = True
        return field


@admin.register(Authenticator, site=admin_site)
class AuthenticatorAdmin(OrganisationScopedAdmin):
    """Listed so that an administrator can delete a lost authenticator; the member then enrols
    a new one at their next sign-in. Secrets are never shown."""

    organisation_path = "user__organisation"
    # No name column: Relais names every device alike ("authenticator", in English); when it was
    # added and last used tell an administrator which one a member lost.
    list_display = ("member", "is_confirmed", "added", "last_used")
    list_select_related = ("user",)
    fields = list_display
    readonly_fields = fields
    search_fields = ("user__username",)

    @admin.display(description=_("staff member"), ordering="user__username")
    def member(self, obj: Authenticator) -> str:
        return str(obj.user)

    @admin.display(description=_("added"), ordering="created_at")
    def added(self, obj: Authenticator) -> Any:
        return obj.created_at

    @admin.display(description=_("last used"), ordering="last_used_at")
    def last_used(self, obj: Authenticator) -> Any:
        return obj.last_used_at

    @admin.display(description=pgettext_lazy("an authenticator app", "confirmed"), boolean=True)
    def is_confirmed(self, obj: Authenticator) -> bool:
        return obj.confirmed

    def scope(self, queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
        return super().scope(queryset, user).filter(user__is_superuser=False)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# Registered on import: Django's autodiscovery reads this module only.
from relais.accounts import invitation_admin  # noqa: E402, F401
