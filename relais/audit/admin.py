"""The audit log in the admin, in the reader's words: who, what, on which kind of object."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from relais.alerts.workflow import Status
from relais.audit.models import AuditAction, AuditEvent
from relais.staff.admin_scope import ReadOnlyScopedAdmin
from relais.staff.admin_site import admin_site

ACTION_WORDS = dict(AuditAction.choices)

# The names of the details the services record (tests/audit/test_every_action_is_named.py reads
# the code and fails on one missing here); a detail not listed shows under its code.
DETAIL_WORDS: dict[str, Any] = {
    "after": pgettext_lazy("audit detail", "after"),
    "alert": pgettext_lazy("audit detail", "alert"),
    "at": pgettext_lazy("audit detail", "at"),
    "before": pgettext_lazy("audit detail", "before"),
    "case": pgettext_lazy("audit detail", "case"),
    "characters": pgettext_lazy("audit detail", "characters"),
    "confidence": pgettext_lazy("audit detail", "confidence"),
    "confirmed_by": pgettext_lazy("audit detail", "confirmed by"),
    "consent_by": pgettext_lazy("audit detail", "consent given by"),
    "day_first": pgettext_lazy("audit detail", "day before month"),
    "earlier_email_withdrawn": pgettext_lazy("audit detail", "earlier e-mail withdrawn"),
    "email_withdrawn": pgettext_lazy("audit detail", "e-mail withdrawn"),
    "emailed": pgettext_lazy("audit detail", "e-mailed"),
    "event": pgettext_lazy("audit detail", "event"),
    "events": pgettext_lazy("audit detail", "events"),
    "events_digest": pgettext_lazy("audit detail", "digest of the events"),
    "fields": pgettext_lazy("audit detail", "fields"),
    "found": pgettext_lazy("audit detail", "found"),
    "kind": pgettext_lazy("audit detail", "kind"),
    "kinds": pgettext_lazy("audit detail", "kinds"),
    "links_ended": pgettext_lazy("audit detail", "links ended"),
    "media_type": pgettext_lazy("audit detail", "media type"),
    "message": pgettext_lazy("audit detail", "message"),
    "message_id": "Message-ID",
    "notice": pgettext_lazy("audit detail", "notice"),
    "original": pgettext_lazy("audit detail", "original"),
    "person": pgettext_lazy("audit detail", "person"),
    "platform": pgettext_lazy("audit detail", "platform"),
    "previous": pgettext_lazy("audit detail", "previous"),
    "proof": pgettext_lazy("audit detail", "proof entry"),
    "pupil_age": pgettext_lazy("audit detail", "pupil's age"),
    "reason": pgettext_lazy("audit detail", "reason"),
    "referral": pgettext_lazy("audit detail", "referral"),
    "role": pgettext_lazy("audit detail", "role"),
    "school": pgettext_lazy("audit detail", "school"),
    "service": pgettext_lazy("audit detail", "service"),
    "sexual_image_of_minor": pgettext_lazy("audit detail", "sexual image of a minor"),
    "sha256": "SHA-256",
    "size": pgettext_lazy("audit detail", "size"),
    "smtp_code": pgettext_lazy("audit detail", "SMTP code"),
    "smtp_reply": pgettext_lazy("audit detail", "SMTP reply"),
    "source": pgettext_lazy("audit detail", "from status"),
    "steps": pgettext_lazy("audit detail", "steps"),
    "target": pgettext_lazy("audit detail", "to status"),
    "via": pgettext_lazy("audit detail", "through"),
    "warnings": pgettext_lazy("audit detail", "warnings"),
    "words": pgettext_lazy("audit detail", "words"),
}
# Details whose values are codes with words of their own.
VALUE_WORDS: dict[str, dict[str, Any]] = {
    "source": dict(Status.choices),
    "target": dict(Status.choices),
    "event": ACTION_WORDS,
    # A relay's answer (relais/cases/referrals.py): through the e-mail's link, or an account.
    "via": {
        "link": pgettext_lazy("audit detail", "the e-mail's link"),
        "account": pgettext_lazy("audit detail", "an account"),
    },
    "consent_by": {
        "parents": pgettext_lazy("audit detail", "the parents"),
        "pupil": pgettext_lazy("audit detail", "the pupil alone"),
    },
}


def detail_value(key: str, value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(detail_value(key, item) for item in value)
    words = VALUE_WORDS.get(key)
    if words is not None and isinstance(value, str):
        return str(words.get(value, value))
    return str(value)


def action_label(code: str) -> str:
    return str(ACTION_WORDS.get(code, code))  # an unknown code is shown as stored, not hidden


def object_label(code: str) -> str:
    # A model moved to another app names itself in audit rows by its old label (stored_label).
    moved = {label: model for model in apps.get_models() if (label := _stored_label(model))}
    try:
        model = moved.get(code) or apps.get_model(code)
    except (LookupError, ValueError):
        return code
    return str(model._meta.verbose_name)


def _stored_label(model: Any) -> str:
    return str(getattr(model, "stored_label", ""))


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
        return event.get_actor_kind_display()

    @admin.display(description=_("action"), ordering="action")
    def what(self, event: AuditEvent) -> str:
        return event.get_action_display()

    @admin.display(description=_("object type"), ordering="object_type")
    def kind_of_object(self, event: AuditEvent) -> str:
        return object_label(event.object_type)

    @admin.display(description=_("details"))
    def detail(self, event: AuditEvent) -> str:
        parts = []
        for key, value in sorted((event.details or {}).items()):
            parts.append(f"{DETAIL_WORDS.get(key, key)}: {detail_value(key, value)}")
        return "; ".join(parts)
