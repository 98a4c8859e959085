"""The reporter's documents, under /my/papers/: make the dossier or a letter, download it and its
receipt. The kind is a number in the URL (relais.public.converters); the mailbox session gives
the alert (relais.public.access), and a document is fetched through the documents' access helper
with that alert (404 for anyone else's). What the staff's pages share is in relais.documents.pages.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from relais.alerts.models import Alert
from relais.audit.models import ActorKind
from relais.documents import services, tasks
from relais.documents.access import get_document_for
from relais.documents.models import LetterKind
from relais.documents.pages import document_form, letter_kind, pdf_response, receipt_response
from relais.lib.ratelimit import give_back, wait_sentence
from relais.public.access import mailbox_required
from relais.public.mailbox import page_title
from relais.public.middleware import reads_form


def _to_documents() -> HttpResponse:
    return HttpResponseRedirect(reverse("public:mailbox_parents") + "#documents", status=303)


@reads_form
@mailbox_required
@require_http_methods(["GET", "HEAD", "POST"])
def document_make(request: HttpRequest, alert: Alert, kind: str) -> HttpResponse:
    """GET: the form for this kind of document. POST: make it, then back to the mailbox."""
    kind = letter_kind(kind)
    form = document_form(request, alert, kind)
    if request.method == "POST" and form.is_valid():
        wait = _make_for_reporter(alert, kind, form.cleaned_data)
        if not wait:
            return _to_documents()
        form.add_error(
            None,
            _("You have had many documents made in a short time.") + " " + wait_sentence(wait),
        )
    context = {
        "form": form,
        "kind": kind,
        "title": LetterKind(kind).label,
        "section": page_title(),
    }
    status = (429 if form.non_field_errors() else 400) if form.is_bound else 200
    return render(request, "public/mailbox_document_form.html", context, status=status)


def _make_for_reporter(alert: Alert, kind: str, options: dict[str, Any]) -> int:
    """Make (or queue, or find) the document; 0, or the minutes to wait for the mailbox's rate.

    The dossier goes through tasks.request_dossier (once per change, heavy ones by the worker:
    the mailbox then says it is being prepared); a letter is light and made now, counted in the
    same rate."""
    if kind == LetterKind.DOSSIER:
        outcome = tasks.request_dossier(
            alert=alert, options=options, actor=None, actor_kind=ActorKind.REPORTER
        )
        return outcome.wait_minutes if outcome.wait_seconds else 0
    verdict = tasks.take_rate(alert)
    if not verdict.allowed:
        return verdict.wait_minutes
    try:
        services.generate_document(
            alert=alert, kind=kind, options=options, actor=None, actor_kind=ActorKind.REPORTER
        )
    except BaseException:
        give_back(verdict)
        raise
    return 0


@mailbox_required
@require_safe
def document_download(request: HttpRequest, alert: Alert, document_id: Any) -> HttpResponse:
    return pdf_response(get_document_for(alert, document_id), None, "reporter")


@mailbox_required
@require_safe
def document_receipt(request: HttpRequest, alert: Alert, document_id: Any) -> HttpResponse:
    return receipt_response(get_document_for(alert, document_id))
