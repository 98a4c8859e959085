"""Platform administrators correct the law cited in letters here, without touching code; an
organisation's administrators read it, and list the documents of their own alerts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from relais.alerts.models import Category
from relais.documents.models import (
    LETTER_KINDS,
    NOTICE,
    GeneratedDocument,
    LegalReference,
    LetterKind,
)
from relais.staff.admin_forms import choice_list_field, labels
from relais.staff.admin_scope import PlatformDataAdmin, ReadOnlyScopedAdmin
from relais.staff.admin_site import admin_site

LETTERS = [
    (NOTICE, _("notice to the school")),
    *((kind, label) for kind, label in LetterKind.choices if kind in LETTER_KINDS),
]


class LegalReferenceForm(forms.ModelForm):
    letters = choice_list_field(
        LETTERS, label=_("cited in"), help_text=_("The letters that cite this reference.")
    )
    categories = choice_list_field(
        Category.choices,
        label=_("for the categories"),
        help_text=_(
            "Cited only for alerts with one of these categories; none ticked: cited whatever "
            "the categories."
        ),
    )

    class Meta:
        model = LegalReference
        fields = (
            "jurisdiction",
            "key",
            "title",
            "text",
            "penalty",
            "source",
            "effective_from",
            "verify",
            "letters",
            "categories",
            "order",
        )


@admin.register(LegalReference, site=admin_site)
class LegalReferenceAdmin(PlatformDataAdmin):
    form = LegalReferenceForm
    list_display = ("title", "jurisdiction", "effective_from", "verify", "updated_at")
    list_filter = ("jurisdiction", "verify")
    search_fields = ("title", "key", "source", "text")
    ordering = ("jurisdiction", "order", "key")
    readonly_fields = ("cited_in", "for_categories")

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if self.has_change_permission(request, obj):
            return LegalReferenceForm.Meta.fields
        # Read only (an organisation's administrator): the lists by their labels, not as the
        # codes their JSON columns hold.
        shown = {"letters": "cited_in", "categories": "for_categories"}
        return tuple(shown.get(name, name) for name in LegalReferenceForm.Meta.fields)

    @admin.display(description=_("cited in"))
    def cited_in(self, obj: LegalReference) -> str:
        return labels(obj.letters, LETTERS)

    @admin.display(description=_("for the categories"))
    def for_categories(self, obj: LegalReference) -> str:
        return labels(obj.categories, Category.choices)


@admin.register(GeneratedDocument, site=admin_site)
class GeneratedDocumentAdmin(ReadOnlyScopedAdmin):
    # The row only, of the organisation's own alerts: the PDF stays sealed and is downloaded
    # from the alert's page, audited.
    alert_path = "alert"
    list_display = ("kind", "jurisdiction", "made_by", "sha256", "size", "created_at")
    list_filter = ("kind", "jurisdiction", "made_by")
    list_select_related = ("alert",)
    fields = ("alert", "kind", "jurisdiction", "made_by", "staff_user", "choices", "sha256", "size")
    readonly_fields = fields

    @admin.display(description=_("options"))
    def choices(self, obj: GeneratedDocument) -> str:
        return ", ".join(f"{key}: {value}" for key, value in sorted((obj.options or {}).items()))
