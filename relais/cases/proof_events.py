"""The proof-worthy events of a case, one function per kind, called inside the event's own
transaction. Payloads hold digests and keys, never a name or a note: the proof log is public, and
what it proves is that the school recorded this step at this time, not what it wrote. The case
keeps the payload (CaseStep.value is hashed, not copied), so the family's receipt can open it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from relais.cases.models import Case, CaseStep, Referral
from relais.proofs.kinds import ProofKind
from relais.proofs.models import ProofEntry
from relais.proofs.services import append


def _digest(value: Any) -> str:
    """SHA-256 of the canonical JSON of what was recorded (sorted keys, no spaces, UTF-8)."""
    raw = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def case_opened(*, case: Case) -> ProofEntry:
    payload = {
        "case": str(case.pk),
        "school": str(case.school_id),
        "protocol": case.protocol,
        "origin": case.origin,
        "opened_at": case.opened_at.isoformat(),
    }
    return append(kind=ProofKind.CASE_OPENED, payload=payload)


def step_recorded(*, step: CaseStep, done_at: datetime, alert: Any = None) -> ProofEntry:
    """``alert``: the case's alert whose mailbox lists this entry among its proofs (a step the
    family sees)."""
    payload = {
        "case": str(step.case_id),
        "step": step.key,
        "done_at": done_at.isoformat(),
        "value_sha256": _digest(step.value),
    }
    return append(kind=ProofKind.CASE_STEP_RECORDED, payload=payload, alert=alert)


def case_closed(*, case: Case) -> ProofEntry:
    assert case.closed_at is not None
    payload = {
        "case": str(case.pk),
        "outcome": case.outcome,
        "closed_at": case.closed_at.isoformat(),
    }
    return append(kind=ProofKind.CASE_CLOSED, payload=payload)


def referral_sent(*, referral: Referral) -> ProofEntry:
    payload = {
        "case": str(referral.case_id),
        "referral": str(referral.pk),
        "service": str(referral.service_id),
        "consent_by": referral.consent_by,
        "sent_at": referral.sent_at.isoformat(),
        "request_sha256": _digest(referral.request),
    }
    return append(kind=ProofKind.REFERRAL_SENT, payload=payload)


def referral_answered(*, referral: Referral, at: datetime, state: str | None = None) -> ProofEntry:
    """Accepted, refused, done or revoked: the new state and when. ``state``: the state the move
    is about to write (the entry is appended before the move, which needs it), else the
    referral's."""
    payload = {
        "case": str(referral.case_id),
        "referral": str(referral.pk),
        "state": str(state or referral.state),
        "at": at.isoformat(),
        "reason_sha256": _digest(referral.reason),
    }
    return append(kind=ProofKind.REFERRAL_ANSWERED, payload=payload)


def referral_resent(*, referral: Referral, at: datetime) -> ProofEntry:
    """The school sent the service its referral's link again (relais/cases/referral_resend.py):
    the request is the one proved by ``referral.sent``; this proves the school kept asking."""
    payload = {
        "case": str(referral.case_id),
        "referral": str(referral.pk),
        "service": str(referral.service_id),
        "at": at.isoformat(),
    }
    return append(kind=ProofKind.REFERRAL_RESENT, payload=payload)
