"""The one place that decides who sees which generated document.

A reporter (through their mailbox session, which gives their Alert) sees the documents of their
own alert; staff who handle alerts (relais.alerts.access) see those of their organisation's
alerts. Anyone else gets a 404, never a hint that the document exists.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from relais.alerts.access import alerts_for
from relais.alerts.models import Alert
from relais.documents.models import GeneratedDocument


def documents_for(viewer: Any) -> QuerySet[GeneratedDocument]:
    if isinstance(viewer, Alert):
        return GeneratedDocument.objects.filter(alert=viewer)
    return GeneratedDocument.objects.filter(alert__in=alerts_for(viewer))


def get_document_for(viewer: Any, document_id: Any) -> GeneratedDocument:
    """The document if this viewer may see it; 404 otherwise."""
    document = documents_for(viewer).select_related("alert").filter(pk=document_id).first()
    if document is None:
        raise Http404
    return document
