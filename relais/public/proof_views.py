"""The reporter's receipts: one per proof-worthy event of their alert, as JSON or PDF.

URLs carry a position in the alert's own list (1, 2, 3…), never an identifier of the log, and the
mailbox cookie decides which alert that list belongs to. The reporter owns these events: their
receipts carry the opening when Relais can give one (relais.proofs.receipts), and the files have
neutral names (receipt-3.json), since a shared phone's downloads folder is seen by others.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from relais.documents.services import zone_for
from relais.proofs.receipts import (
    entries_for_alert,
    receipt_file,
    receipt_filename,
    receipt_for,
    receipt_pdf,
)
from relais.public.mailbox import _current, _login


@require_safe
def mailbox_proof(request: HttpRequest, number: int, extension: str) -> HttpResponse:
    token, alert = _current(request)
    if alert is None:
        return _login(request, ended=bool(token), status=401)
    entries = entries_for_alert(alert)
    if not 1 <= number <= len(entries):
        raise Http404
    receipt = receipt_for(entries[number - 1], owner=True)
    if extension == "pdf":
        zone = zone_for(alert.school.jurisdiction)[0]
        body = receipt_pdf(receipt, language=(get_language() or "fr")[:2], time_zone=zone)
        content_type = "application/pdf"
    else:
        body = receipt_file(receipt)
        content_type = "application/json"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{receipt_filename(receipt, extension)}"'
    )
    response["Cache-Control"] = "no-store"
    return response
