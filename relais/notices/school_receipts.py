"""The school's receipts: the notice it received and its own acknowledgment, as the RECEIPT of
api.md (relais.proofs.receipts), each with its opening, so that the school can show what the
log's entry is about (the notice, the SHA-256 of its subject, text and facts, the mail server's
reply; who acknowledged, when) and `relais verify` checks it offline."""

from __future__ import annotations

from typing import Any

from relais.notices.models import Acknowledgment
from relais.proofs.formats import event_digest
from relais.proofs.models import ProofEntry
from relais.proofs.receipts import receipt_for

WHICH = ("sent", "ack")


def _with_opening(entry: ProofEntry, payload: dict[str, Any]) -> dict[str, Any]:
    receipt = receipt_for(entry)
    salt = bytes(entry.salt or b"")
    # Never an opening that does not reproduce the digest (as proofs.receipts.opening_for).
    if salt and payload and event_digest(salt, payload) == entry.digest:
        receipt["opening"] = {"salt": salt.hex(), "payload": payload}
    return receipt


def school_receipt(ack: Acknowledgment, which: str) -> dict[str, Any] | None:
    """ "sent": the notice's receipt; "ack": the acknowledgment's. None when there is none."""
    if which == "sent":
        notice = ack.notice
        if notice.sent_entry is None:
            return None
        return _with_opening(notice.sent_entry, notice.sent_payload)
    if which == "ack" and ack.entry is not None:
        return _with_opening(ack.entry, ack.payload)
    return None
