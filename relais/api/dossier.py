"""GET /api/v1/mailbox/dossier.pdf: the reporter's evidence dossier as PDF/A-3b (api.md).

Each call makes a new dossier (the evidence may have changed since the last one), seals it and
records it in the proof log (`document.generated`), as the mailbox page does; `originals=true`
embeds the files the reporter added, as the family may choose.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from relais.alerts.models import Alert
from relais.api.errors import error_responses
from relais.api.security import mailbox_token
from relais.documents.models import LetterKind
from relais.documents.services import generate_document
from relais.evidence.services import plaintext

router = Router(tags=["reporter"])

_PDF = {
    "description": "The evidence dossier (PDF/A-3b).",
    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
}


@router.get(
    "/mailbox/dossier.pdf",
    response=error_responses(401, 422),
    auth=mailbox_token,
    operation_id="get_dossier",
    summary="Download the evidence dossier",
    description=(
        "A new PDF/A-3b dossier of the alert's evidence: cover, synthesis, timeline, every item "
        "with its SHA-256 and capture time, thumbnails of the stripped copies, and how to check "
        "it. With `originals=true` the files the reporter added are embedded as attachments. "
        "The dossier's own SHA-256 is appended to the proof log; its receipt is listed by "
        "`GET /mailbox`."
    ),
    openapi_extra={"responses": {"200": _PDF}},
)
def get_dossier(request: HttpRequest, originals: bool = False) -> HttpResponse:
    alert: Alert = request.auth  # type: ignore[attr-defined]
    document = generate_document(
        alert=alert,
        kind=LetterKind.DOSSIER,
        options={"embed_originals": originals},
        actor=None,
        actor_kind="reporter",
    )
    response = HttpResponse(b"".join(plaintext(document)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename()}"'
    response["Cache-Control"] = "no-store"
    return response
