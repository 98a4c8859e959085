"""The proof-worthy events of the timeline, one function per kind, called inside the event's own
transaction (relais/timeline/services.py, imports.py). Each payload is what the digest covers:
ids, digests and times; never a URL, a handle or a message in clear."""

from __future__ import annotations

import hashlib
from datetime import datetime

from relais.alerts.models import Alert
from relais.evidence.models import EvidenceItem
from relais.proofs.formats import format_time
from relais.proofs.kinds import ProofKind
from relais.proofs.models import ProofEntry
from relais.proofs.services import append
from relais.timeline.models import LinkCapture, Participant, TimelineEvent

# The target's type in the signed payload: the models' labels when the first entries were
# written, kept as they were when the timeline left the evidence app (a payload's bytes never
# change; an opening is checked against them).
TARGET_NAMES: dict[type, str] = {
    EvidenceItem: "evidence.evidenceitem",
    TimelineEvent: "evidence.timelineevent",
    LinkCapture: "evidence.linkcapture",
}


def _iso(value: datetime | None) -> str | None:
    return format_time(value) if value is not None else None


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def occurred_at_corrected(
    *,
    alert: Alert,
    target: EvidenceItem | TimelineEvent | LinkCapture,
    before: datetime | None,
    after: datetime | None,
    original: datetime | None,
) -> ProofEntry:
    """A date given or corrected: the target and the three dates."""
    return append(
        kind=ProofKind.EVIDENCE_DATE_CORRECTED,
        alert=alert,
        payload={
            "alert": str(alert.pk),
            "target": TARGET_NAMES[type(target)],
            "id": str(target.pk),
            "before": _iso(before),
            "after": _iso(after),
            "original": _iso(original),
        },
    )


def link_captured(*, alert: Alert, link: LinkCapture) -> ProofEntry:
    """The link's SHA-256, never the URL itself, and when it was seen."""
    return append(
        kind=ProofKind.EVIDENCE_LINK_CAPTURED,
        alert=alert,
        payload={
            "alert": str(alert.pk),
            "link": str(link.pk),
            "url_sha256": _sha256(link.url),
            "seen_at": _iso(link.seen_at),
        },
    )


def participant_role(*, alert: Alert, participant: Participant) -> ProofEntry:
    """The handle's SHA-256, never the handle itself, and the role the family gives."""
    return append(
        kind=ProofKind.EVIDENCE_PARTICIPANT_ROLE,
        alert=alert,
        payload={
            "alert": str(alert.pk),
            "participant": str(participant.pk),
            "handle_sha256": _sha256(participant.handle),
            "role": participant.role,
        },
    )


def evidence_imported(*, item: EvidenceItem, events: int, events_digest: str) -> ProofEntry:
    """A chat export read into the timeline: how many events, and the digest of them all."""
    return append(
        kind=ProofKind.EVIDENCE_IMPORTED,
        alert=item.alert,
        payload={
            "alert": str(item.alert_id),
            "item": str(item.pk),
            "sha256": item.sha256,
            "events": events,
            "events_digest": events_digest,
        },
    )
