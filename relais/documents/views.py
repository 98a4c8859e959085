"""Pages to make and download documents: the reporter's (mailbox cookie) and the staff's.

Views parse, call one service, answer. A reporter reaches only their own alert's documents
(the mailbox session gives the alert); staff go through relais.alerts.access and
documents.access (404 for another organisation's, 403 without a role).
"""

from __future__ import annotations

from typing import Any, cast

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from relais.alerts.access import get_alert_for
from relais.alerts.models import Alert
from relais.documents import services, tasks
from relais.documents.access import get_document_for
from relais.documents.forms import DocumentForm
from relais.documents.models import GeneratedDocument, LetterKind
from relais.lib.ratelimit import give_back, wait_sentence
from relais.mailbox.services import COOKIE, alert_for_token
from relais.proofs.receipts import receipt_file, receipt_filename, receipt_for
from relais.public.mailbox import page_title
from relais.public.middleware import reads_form
from relais.staff.access import staff_required


def _kind(kind: str) -> str:
    if kind not in LetterKind.values:
        raise Http404
    return kind


def _form(request: HttpRequest, alert: Alert, kind: str) -> DocumentForm:
    """The document's form; the family's account starts as the words of the report."""
    data = request.POST if request.method == "POST" else None
    return DocumentForm(data, kind=kind, initial={"account": alert.description})


def _pdf(document: GeneratedDocument, actor: Any, actor_kind: str) -> HttpResponse:
    chunks = services.open_document(document=document, actor=actor, actor_kind=actor_kind)
    response = StreamingHttpResponse(chunks, content_type="application/pdf")
    response["Content-Length"] = str(document.size)
    response["Content-Disposition"] = f'attachment; filename="{document.filename()}"'
    response["Cache-Control"] = "no-store"
    return cast(HttpResponse, response)


def _receipt(document: GeneratedDocument) -> HttpResponse:
    if document.proof_entry is None:
        raise Http404
    # Whoever may download the document gets the opening too: it names only the file's SHA-256
    # and size, the document's and alert's ids, which they see already.
    receipt = receipt_for(document.proof_entry, owner=True)
    response = HttpResponse(receipt_file(receipt), content_type="application/json")
    name = receipt_filename(receipt, "json")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


# --- The reporter's mailbox -----------------------------------------------------------------


def _mailbox_alert(request: HttpRequest) -> Alert | None:
    token = request.COOKIES.get(COOKIE, "")
    return alert_for_token(token) if token else None


def _to_mailbox() -> HttpResponse:
    return HttpResponseRedirect(reverse("public:mailbox_parents") + "#documents", status=303)


@reads_form
@require_http_methods(["GET", "HEAD", "POST"])
def mailbox_document(request: HttpRequest, kind: str) -> HttpResponse:
    """GET: the form for this kind of document. POST: make it, then back to the mailbox."""
    kind = _kind(kind)
    alert = _mailbox_alert(request)
    if alert is None:
        return HttpResponseRedirect(reverse("public:mailbox"), status=303)
    form = _form(request, alert, kind)
    if request.method == "POST" and form.is_valid():
        wait = _make_for_reporter(alert, kind, form.cleaned_data)
        if not wait:
            return _to_mailbox()
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
    return render(request, "documents/mailbox_form.html", context, status=status)


def _make_for_reporter(alert: Alert, kind: str, options: dict[str, Any]) -> int:
    """Make (or queue, or find) the document; 0, or the minutes to wait for the mailbox's rate.

    The dossier goes through tasks.request_dossier (once per change, heavy ones by the worker:
    the mailbox then says it is being prepared); a letter is light and made now, counted in the
    same rate."""
    if kind == LetterKind.DOSSIER:
        outcome = tasks.request_dossier(
            alert=alert, options=options, actor=None, actor_kind="reporter"
        )
        return outcome.wait_minutes if outcome.wait_seconds else 0
    verdict = tasks.take_rate(alert)
    if not verdict.allowed:
        return verdict.wait_minutes
    try:
        services.generate_document(
            alert=alert, kind=kind, options=options, actor=None, actor_kind="reporter"
        )
    except BaseException:
        give_back(verdict)
        raise
    return 0


@require_safe
def mailbox_download(request: HttpRequest, document_id: Any) -> HttpResponse:
    alert = _mailbox_alert(request)
    if alert is None:
        return HttpResponseRedirect(reverse("public:mailbox"), status=303)
    return _pdf(get_document_for(alert, document_id), None, "reporter")


@require_safe
def mailbox_receipt(request: HttpRequest, document_id: Any) -> HttpResponse:
    alert = _mailbox_alert(request)
    if alert is None:
        return HttpResponseRedirect(reverse("public:mailbox"), status=303)
    return _receipt(get_document_for(alert, document_id))


# --- Staff ----------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required
def staff_document(request: HttpRequest, alert_id: Any, kind: str) -> HttpResponse:
    """GET: the form for this kind of document. POST: make it, then back to the alert."""
    alert = get_alert_for(request.user, alert_id)
    kind = _kind(kind)
    form = _form(request, alert, kind)
    if request.method == "POST" and form.is_valid():
        if kind == LetterKind.DOSSIER:  # once per change, heavy ones by the worker
            tasks.request_dossier(
                alert=alert, options=form.cleaned_data, actor=request.user, actor_kind="staff"
            )
        else:
            services.generate_document(
                alert=alert,
                kind=kind,
                options=form.cleaned_data,
                actor=request.user,
                actor_kind="staff",
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
    return _pdf(get_document_for(request.user, document_id), request.user, "staff")


@require_safe
@staff_required
def staff_receipt(request: HttpRequest, document_id: Any) -> HttpResponse:
    return _receipt(get_document_for(request.user, document_id))
