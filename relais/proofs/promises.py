"""PROMISEs (api.md): what the log answers for an entry it has not merged yet, as a Certificate
Transparency log answers a signed certificate timestamp before it merges a certificate.

A promise is the entry and the installation's Ed25519 signature over
``relais-promise/v1 <leaf_hash> <merge_by>`` (formats.promise_bytes): the log says that it holds
this entry and will hold it in a signed tree head by `merge_by`. Signing is one Ed25519
signature, no database: a new alert's answer carries its promise at once, and the signer merges
the entry within the delay. Ed25519 is deterministic, so the same entry gets the same promise
each time it is asked for, as long as the key is the same.
"""

from __future__ import annotations

from typing import Any

from relais.proofs import signing
from relais.proofs.formats import format_time, promise_bytes
from relais.proofs.models import ProofEntry
from relais.proofs.openings import opening_for


def entry_json(entry: ProofEntry) -> dict[str, Any]:
    """The entry as a RECEIPT and a PROMISE both spell it."""
    return {
        "kind": entry.kind,
        "digest": entry.digest,
        "recorded_at": format_time(entry.recorded_at),
    }


def promise_for(entry: ProofEntry, *, owner: bool = False) -> dict[str, Any]:
    """The PROMISE of api.md for one stored entry. `owner`: the caller checked that it goes to
    the event's owner, who gets the opening when there is one (openings.py)."""
    merge_by = format_time(entry.merge_by)
    key_id, public_pem = signing.identity()
    signed = promise_bytes(bytes(entry.leaf_hash).hex(), merge_by)
    promise: dict[str, Any] = {
        "version": 1,
        "entry": entry_json(entry),
        "promise": {"merge_by": merge_by, "key_id": key_id, "signature": signing.sign(signed)},
        "public_key": public_pem,
    }
    opening = opening_for(entry) if owner else None
    if opening is not None:
        promise["opening"] = opening
    return promise
