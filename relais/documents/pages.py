"""What the staff's and the reporter's document pages share: the documents' section, the form,
and the PDF and receipt answers. The staff views are in relais.documents.views, the reporter's
in relais.public.document_views; each gives the document through relais.documents.access."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse

from relais.alerts.models import Alert
from relais.documents import services
from relais.documents.forms import FIELDS, DocumentForm
from relais.documents.models import LETTER_KINDS, GeneratedDocument, LetterKind
from relais.documents.tasks import preparing
from relais.proofs.receipts import receipt_file, receipt_filename, receipt_for


def letter_kind(kind: str) -> str:
    """The kind named in a URL, or 404."""
    if kind not in LetterKind.values:
        raise Http404
    return kind


def document_form(request: HttpRequest, alert: Alert, kind: str) -> DocumentForm:
    """The document's form; the family's account starts as the words of the report."""
    data = request.POST if request.method == "POST" else None
    return DocumentForm(data, kind=kind, initial={"account": alert.description})


def documents_section(documents: QuerySet[GeneratedDocument], alert: Alert) -> dict[str, Any]:
    """The documents listed on a page, whether a dossier is being prepared, what can be made."""
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


def pdf_response(document: GeneratedDocument, actor: Any, actor_kind: str) -> HttpResponse:
    chunks = services.open_document(document=document, actor=actor, actor_kind=actor_kind)
    response = StreamingHttpResponse(chunks, content_type="application/pdf")
    response["Content-Length"] = str(document.size)
    response["Content-Disposition"] = f'attachment; filename="{document.filename()}"'
    response["Cache-Control"] = "no-store"
    return cast(HttpResponse, response)


def receipt_response(document: GeneratedDocument) -> HttpResponse:
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
