"""The proof-worthy event of the documents app, one function per kind, called inside the event's
own transaction (relais/documents/services.py). The payload is what the digest covers: which
document of which alert, and the SHA-256 and size of its PDF as sealed."""

from __future__ import annotations

import uuid
from typing import Any

from relais.alerts.models import Alert
from relais.proofs.kinds import ProofKind
from relais.proofs.models import ProofEntry
from relais.proofs.services import append


def document_generated(
    *, alert: Alert, document_id: uuid.UUID, kind: str, sealed: dict[str, Any]
) -> ProofEntry:
    return append(
        kind=ProofKind.DOCUMENT_GENERATED,
        alert=alert,
        payload={
            "alert": str(alert.pk),
            "document": str(document_id),
            "kind": kind,
            "sha256": sealed["sha256"],
            "size": sealed["size"],
        },
    )
