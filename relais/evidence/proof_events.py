"""The proof-worthy events of the vault, one function per kind, called inside the event's own
transaction (relais/evidence/services.py). Each payload is what the digest covers: which item of
which alert, and the SHA-256 of the sealed file; never its name or content."""

from __future__ import annotations

from relais.alerts.models import Alert
from relais.evidence.intake import SealedBlob
from relais.evidence.models import EvidenceItem
from relais.proofs.kinds import ProofKind
from relais.proofs.models import ProofEntry
from relais.proofs.services import append


def evidence_sealed(*, alert: Alert, blob: SealedBlob) -> ProofEntry:
    return append(
        kind=ProofKind.EVIDENCE_SEALED,
        alert=alert,
        payload={
            "alert": str(alert.pk),
            "item": str(blob.item_id),
            "sha256": blob.sha256,
            "size": blob.size,
            "media_type": blob.sniffed.media_type,
        },
    )


def evidence_withdrawn(item: EvidenceItem) -> ProofEntry:
    """The item and its SHA-256; not the reason, which stays in Relais."""
    return append(
        kind=ProofKind.EVIDENCE_WITHDRAWN,
        alert=item.alert,
        payload={"alert": str(item.alert_id), "item": str(item.pk), "sha256": item.sha256},
    )
