"""POST /api/v1/mailbox/evidence: the reporter adds a file to their vault (api.md).

The multipart body is read by the vault's upload handler (relais.evidence.uploads), streamed and
sealed as it arrives; ninja is given no body parameter so that it never parses the body itself.
The request body is documented through openapi_extra.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Schema, Status

from relais.alerts.models import Alert, Platform
from relais.api.errors import ApiError, error_responses, form_errors
from relais.api.security import mailbox_token
from relais.evidence.forms import EvidenceForm
from relais.evidence.intake import Refused
from relais.evidence.models import MAX_NOTE
from relais.evidence.services import seal_evidence
from relais.evidence.uploads import Upload
from relais.proofs.api import ReceiptOut
from relais.proofs.receipts import receipt_for

router = Router(tags=["reporter"])

_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "occurred_at": {
                        "type": "string",
                        "format": "date-time",
                        "description": "From 2000-01-01 on, not in the future; without an "
                        "offset, read in the jurisdiction's time zone.",
                    },
                    "platform": {"type": "string", "enum": list(Platform.values)},
                    "note": {"type": "string", "maxLength": MAX_NOTE},
                },
            }
        }
    },
}


class EvidenceOut(Schema):
    id: str
    sha256: str
    size: int
    media_type: str
    proof: ReceiptOut


@router.post(
    "/mailbox/evidence",
    response={201: EvidenceOut, **error_responses(400, 401, 413, 415, 422)},
    auth=mailbox_token,
    operation_id="add_evidence",
    exclude_unset=True,
    summary="Add a file to the evidence vault",
    description=(
        "Multipart body: `file` (an image, PDF, video, sound recording, UTF-8 text or a chat "
        "export zip; the type is read from the bytes), and optionally `occurred_at`, "
        "`platform`, `note`. 413 over the size limit, 415 for a type not accepted, 422 for a "
        "decompression bomb, an empty or unreadable file, or a bad field."
    ),
    openapi_extra={"requestBody": _BODY},
)
def add_evidence(request: HttpRequest) -> Status:
    alert: Alert = request.auth  # type: ignore[attr-defined]
    with Upload(request, max_bytes=settings.EVIDENCE_MAX_BYTES) as upload:
        try:
            data, blob = upload.read()
            form = EvidenceForm(data=data)
            if not form.is_valid():
                raise form_errors(form)
            item = seal_evidence(alert=alert, blob=blob, **form.values())
        except Refused as refusal:
            raise ApiError(refusal.status, refusal.message) from None
    assert item.proof_entry is not None
    return Status(
        201,
        {
            "id": str(item.pk),
            "sha256": item.sha256,
            "size": item.size,
            "media_type": item.media_type,
            "proof": receipt_for(item.proof_entry),
        },
    )
