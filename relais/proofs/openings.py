"""Openings (api.md): what lets the owner of an event show what its entry's digest covers.

An opening is the entry's salt and the payload its digest covers; a RECEIPT or a PROMISE given to
the owner may carry it, so that `relais verify PROOF --file CONTENT` can check that CONTENT is the
file the payload names. The log and its public endpoints never hold an opening.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from relais.proofs.formats import event_digest
from relais.proofs.models import ProofEntry


def _document_payload(entry: ProofEntry) -> dict[str, Any] | None:
    from relais.documents.models import GeneratedDocument

    document = GeneratedDocument.objects.filter(proof_entry=entry).first()
    if document is None:
        return None
    return {
        "alert": str(document.alert_id),
        "document": str(document.pk),
        "kind": document.kind,
        "sha256": document.sha256,
        "size": document.size,
    }


def _evidence_payload(entry: ProofEntry) -> dict[str, Any] | None:
    from relais.evidence.models import EvidenceItem

    item = EvidenceItem.objects.filter(proof_entry=entry).first()
    if item is None:
        return None
    return {
        "alert": str(item.alert_id),
        "item": str(item.pk),
        "sha256": item.sha256,
        "size": item.size,
        "media_type": item.media_type,
    }


# The payloads Relais can rebuild from the object an entry is about, by kind: those written by
# relais.documents.services.generate_document and relais.evidence.services.seal_evidence. Each
# names a file by its SHA-256, which `relais verify --file` checks.
PAYLOADS: dict[str, Callable[[ProofEntry], dict[str, Any] | None]] = {
    "document.generated": _document_payload,
    "evidence.sealed": _evidence_payload,
}


def opening_for(entry: ProofEntry) -> dict[str, Any] | None:
    """The entry's opening ({"salt", "payload"}) for its owner, or None when Relais cannot
    rebuild the payload. Given only when it reproduces the entry's digest: a proof must never
    carry an opening that does not check."""
    build = PAYLOADS.get(entry.kind)
    payload = build(entry) if build else None
    if payload is None or not entry.salt:
        return None
    salt = bytes(entry.salt)
    if event_digest(salt, payload) != entry.digest:
        return None
    return {"salt": salt.hex(), "payload": payload}
