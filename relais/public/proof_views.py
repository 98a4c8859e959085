"""The reporter's proofs: one per proof-worthy event of their alert, as JSON or PDF; its RECEIPT
once the log merged it, its PROMISE before that (relais.proofs.receipts.proof_for).

URLs carry a position in the alert's own list (1, 2, 3…), never an identifier of the log, and the
mailbox cookie decides which alert that list belongs to. The reporter owns these events: their
receipts carry the opening when Relais can give one (relais.proofs.receipts), and the files have
neutral names (receipt-3.json), since a shared phone's downloads folder is seen by others.
"""

from __future__ import annotations

import base64
import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from relais.alerts.models import Alert
from relais.cases.family import school_step_entry
from relais.documents.services import zone_for
from relais.proofs.models import ProofEntry
from relais.proofs.promises import promise_for
from relais.proofs.receipts import (
    entries_for_alert,
    proof_for,
    receipt_file,
    receipt_filename,
    receipt_pdf,
)
from relais.public.access import mailbox_required


@mailbox_required
@require_safe
def mailbox_proof(request: HttpRequest, alert: Alert, number: int, extension: str) -> HttpResponse:
    entries = entries_for_alert(alert)
    if not 1 <= number <= len(entries):
        raise Http404
    return _download(alert, proof_for(entries[number - 1], owner=True), extension)


@mailbox_required
@require_safe
def mailbox_school_step_proof(
    request: HttpRequest, alert: Alert, number: int, extension: str
) -> HttpResponse:
    """The proof of the family's ``number``-th school step (relais.cases.family): the school's
    event, not the reporter's, so it carries no opening; the mailbox cookie decides whose list
    the number counts in, as above."""
    entry = school_step_entry(alert, number)
    if entry is None:
        raise Http404
    return _download(alert, proof_for(entry), extension)


def _download(alert: Alert, receipt: dict[str, Any], extension: str) -> HttpResponse:
    """The RECEIPT or PROMISE as a download with a neutral name, JSON or its PDF rendering."""
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


def proof_download(proof: Any) -> dict[str, str] | None:
    """A new alert's PROMISE as a link the page after the form offers: a data: URL, so that the
    file comes with the page, needs no request of its own and leaves nothing on the server."""
    if not isinstance(proof, dict):
        return None
    data = base64.b64encode(receipt_file(proof)).decode("ascii")
    return {"href": f"data:application/json;base64,{data}", "name": receipt_filename(proof, "json")}


def new_alert_promise(entry: ProofEntry) -> dict[str, Any] | None:
    """The new alert's PROMISE for the page after the form, or None when the log cannot sign (an
    unusable key, logged): the receipt code, which the reporter needs most, shows all the same."""
    try:
        return promise_for(entry)
    except Exception:
        logging.getLogger(__name__).exception("could not sign the promise of a new alert")
        return None
