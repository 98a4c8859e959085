"""The documents sections included in the reporter's mailbox and the staff alert page, so that
those pages' own views need not know about documents."""

from __future__ import annotations

from typing import Any

from django import template

from relais.alerts.models import Alert
from relais.documents.access import documents_for
from relais.documents.forms import FIELDS, DocumentForm
from relais.documents.models import LETTER_KINDS, LegalReference, LetterKind
from relais.documents.tasks import preparing

register = template.Library()


def _section(documents: Any, alert: Alert) -> dict[str, Any]:
    return {
        "documents": list(documents.order_by("-created_at")),
        "preparing": preparing(alert),  # a dossier queued for the worker
        "letters": [
            {"kind": kind, "label": LetterKind(kind).label, "has_fields": bool(FIELDS[kind])}
            for kind in LETTER_KINDS
        ],
        "dossier_form": DocumentForm(
            kind=LetterKind.DOSSIER,
            auto_id="id_dossier_%s",
            initial={"account": alert.description},
        ),
    }


@register.simple_tag
def mailbox_documents(alert: Alert) -> dict[str, Any]:
    """The reporter's own documents and what they can make."""
    return _section(documents_for(alert).filter(alert=alert), alert)


@register.simple_tag(takes_context=True)
def staff_documents(context: Any, alert: Alert) -> dict[str, Any]:
    """The alert's documents as this staff member may see them, and what they can make."""
    section = _section(documents_for(context["request"].user).filter(alert=alert), alert)
    section["to_verify"] = LegalReference.objects.filter(
        jurisdiction=alert.school.jurisdiction, verify=True
    ).count()
    return section
