"""The staff's pages to make and download documents, under /staff/documents/.

Views parse, call one service, answer. Staff go through relais.alerts.access and
documents.access (404 for another organisation's, 403 without a role). The reporter's pages
are in relais.public.document_views; what both share is in relais.documents.pages.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from relais.alerts.access import get_alert_for
from relais.audit.models import ActorKind
from relais.documents import services, tasks
from relais.documents.access import get_document_for
from relais.documents.models import LetterKind
from relais.documents.pages import document_form, letter_kind, pdf_response, receipt_response
from relais.staff.access import staff_required


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required
def staff_document(request: HttpRequest, alert_id: Any, kind: str) -> HttpResponse:
    """GET: the form for this kind of document. POST: make it, then back to the alert."""
    alert = get_alert_for(request.user, alert_id)
    kind = letter_kind(kind)
    form = document_form(request, alert, kind)
    if request.method == "POST" and form.is_valid():
        if kind == LetterKind.DOSSIER:  # once per change, heavy ones by the worker
            tasks.request_dossier(
                alert=alert,
                options=form.cleaned_data,
                actor=request.user,
                actor_kind=ActorKind.STAFF,
            )
        else:
            services.generate_document(
                alert=alert,
                kind=kind,
                options=form.cleaned_data,
                actor=request.user,
                actor_kind=ActorKind.STAFF,
            )
        return HttpResponseRedirect(
            reverse("staff:alert", args=[alert.pk]) + "#documents", status=303
        )
    context = {"form": form, "kind": kind, "title": LetterKind(kind).label, "alert": alert}
    status = 400 if form.is_bound else 200
    return render(request, "documents/staff_form.html", context, status=status)


@require_safe
@staff_required
def staff_download(request: HttpRequest, document_id: Any) -> HttpResponse:
    return pdf_response(get_document_for(request.user, document_id), request.user, "staff")


@require_safe
@staff_required
def staff_receipt(request: HttpRequest, document_id: Any) -> HttpResponse:
    return receipt_response(get_document_for(request.user, document_id))
