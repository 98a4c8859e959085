"""Administrators correct the law cited in letters here, without touching code."""

from __future__ import annotations

from django.contrib import admin

from relais.documents.models import GeneratedDocument, LegalReference
from relais.staff.admin_site import AdministratorAdmin, ReadOnlyAdmin, admin_site


@admin.register(LegalReference, site=admin_site)
class LegalReferenceAdmin(AdministratorAdmin):
    list_display = ("title", "jurisdiction", "effective_from", "verify", "updated_at")
    list_filter = ("jurisdiction", "verify")
    search_fields = ("title", "key", "source", "text")
    ordering = ("jurisdiction", "order", "key")
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


@admin.register(GeneratedDocument, site=admin_site)
class GeneratedDocumentAdmin(ReadOnlyAdmin):
    # The row only: the PDF stays sealed and is downloaded from the alert's page, audited.
    list_display = ("kind", "jurisdiction", "made_by", "sha256", "size", "created_at")
    list_filter = ("kind", "jurisdiction", "made_by")
    fields = ("alert", "kind", "jurisdiction", "made_by", "staff_user", "options", "sha256", "size")
