"""GET /api/v1/mailbox/dossier.pdf: the reporter's evidence dossier as PDF/A-3b (api.md).

Built once per change (relais/documents/tasks.py): while the evidence, the roles, corrections
and withdrawals, the account and the options are the same, every call serves the dossier already
sealed, streamed from the vault, with no new proof entry. The first call after a change builds
a light dossier in the request, because api.md answers 200 with the PDF; a heavy one (many items
or events, large originals) goes to the worker and the call answers 202 with Retry-After, since
building it in the request held a web worker for over a minute while the rest of the site waited;
a call that arrives while that same dossier is being built answers 202 too, and a mailbox that
has had DOCUMENT_RATE new documents built in the window gets 429 with Retry-After.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from ninja import Router

from relais.alerts.models import Alert
from relais.api.errors import error_responses
from relais.api.security import mailbox_token
from relais.audit.models import ActorKind
from relais.documents.services import open_document
from relais.documents.tasks import request_dossier
from relais.lib.ratelimit import wait_sentence

router = Router(tags=["reporter"])

RETRY_SECONDS = 30  # what a client is told to wait for a dossier being built
_PDF = {
    "description": "The evidence dossier (PDF/A-3b).",
    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
}
_SHAPE = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
_LATER = {
    "description": (
        "This dossier is being built (by the worker when it is heavy, or by another request): "
        "ask again after `Retry-After` seconds. Error shape, `detail` says so in the request's "
        "language."
    ),
    "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    "content": _SHAPE,
}
_LIMITED = {
    "description": (
        "The mailbox had DOCUMENT_RATE new documents built in the sliding window; serving a "
        "dossier already built is never refused. `Retry-After` gives the seconds to wait."
    ),
    "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    "content": _SHAPE,
}


def _answer(status: int, detail: str, wait: int) -> HttpResponse:
    response = JsonResponse({"detail": detail, "errors": {}}, status=status)
    response["Retry-After"] = str(wait)
    response["Cache-Control"] = "no-store"
    return response


@router.get(
    "/mailbox/dossier.pdf",
    response=error_responses(202, 401, 422, 429),
    auth=mailbox_token,
    operation_id="get_dossier",
    summary="Download the evidence dossier",
    description=(
        "The PDF/A-3b dossier of the alert's evidence: cover, synthesis, timeline, every item "
        "with its SHA-256 and capture time, thumbnails of the stripped copies, and how to check "
        "it. With `originals=true` the files the reporter added are embedded as attachments. "
        "A dossier is built once per change of what it is made from (evidence, roles, "
        "corrections, withdrawals, options): the first call after a change builds it (in the "
        "call when it is light, by the worker when it is heavy), seals it and appends its "
        "SHA-256 to the proof log (its receipt is listed by `GET /mailbox`); later calls serve "
        "that same file, with no new proof entry. 202 while it is being built, 429 when the "
        "mailbox had too many new documents built."
    ),
    openapi_extra={"responses": {"200": _PDF, "202": _LATER, "429": _LIMITED}},
)
def get_dossier(request: HttpRequest, originals: bool = False) -> HttpResponse:
    alert: Alert = request.auth  # type: ignore[attr-defined]
    outcome = request_dossier(
        alert=alert,
        options={"embed_originals": originals},
        actor=None,
        actor_kind=ActorKind.REPORTER,
    )
    if outcome.wait_seconds:
        detail = _("You have had many documents made in a short time.")
        return _answer(429, f"{detail} {wait_sentence(outcome.wait_minutes)}", outcome.wait_seconds)
    if outcome.document is None:
        detail = _("Your dossier is being prepared. Ask again in a moment.")
        return _answer(202, detail, RETRY_SECONDS)
    document = outcome.document
    chunks = open_document(document=document, actor=None, actor_kind=ActorKind.REPORTER)
    response = StreamingHttpResponse(chunks, content_type="application/pdf")
    response["Content-Length"] = str(document.size)
    response["Content-Disposition"] = f'attachment; filename="{document.filename()}"'
    response["Cache-Control"] = "no-store"
    return response  # type: ignore[return-value]
