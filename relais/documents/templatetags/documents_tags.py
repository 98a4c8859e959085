"""The documents section included in the staff alert page, so that the staff views need not know
about documents. (The reporter's mailbox reads the same section in its own view.)"""

from __future__ import annotations

from typing import Any

from django import template

from relais.alerts.models import Alert
from relais.documents.access import documents_for
from relais.documents.models import LegalReference
from relais.documents.pages import documents_section

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_documents(context: Any, alert: Alert) -> dict[str, Any]:
    """The alert's documents as this staff member may see them, and what they can make."""
    section = documents_section(documents_for(context["request"].user).filter(alert=alert), alert)
    section["to_verify"] = LegalReference.objects.filter(
        jurisdiction=alert.school.jurisdiction, verify=True
    ).count()
    return section
