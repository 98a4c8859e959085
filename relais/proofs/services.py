"""Writing to the proof log, folding it into the tree, signing and time-stamping tree heads.

The shape is Certificate Transparency's: `append` is an ORM create in the event's own transaction
and takes no lock, so that no request waits on another; the entry's PROMISE (promises.py) says by
when the log will hold it. Rounds (sequencer.py: the signer loop, and a request that needs a
RECEIPT now) give the new entries their leaf index, store the complete subtrees they complete and
sign a new tree head, under the log's lock; `stamp_pending` asks the time-stamping authorities for
tokens outside any lock, so a slow one blocks nobody.
"""

from __future__ import annotations

import base64
import logging
from typing import Any

from django.conf import settings

from relais.proofs import entries, tsa
from relais.proofs.formats import format_time, tree_head_bytes
from relais.proofs.kinds import ProofKind
from relais.proofs.models import ProofEntry, TreeHead

# The app's one entry point: reading the tree and sequencing live in their own modules.
from relais.proofs.sequencer import (  # noqa: F401
    Busy,
    Round,
    run_round,
    sequence_and_sign,
    tidy,
)
from relais.proofs.tree import (  # noqa: F401
    TreeError,
    consistency_proof,
    fetch_nodes,
    inclusion_proof,
    latest_tree_head,
    latest_tree_size,
    node_key,
    root_at,
)

logger = logging.getLogger(__name__)


def append(*, kind: str, payload: dict[str, Any] | bytes, alert: Any = None) -> ProofEntry:
    """Append one proof-worthy event to the log; call it inside the event's own transaction.

    `kind` must be a ProofKind (kinds.py): another is refused with ValueError, since its value
    is signed into the entry. Apps call this from their `proof_events.py`, one function per kind.

    `alert`, when given, is kept on the entry's row (its `alert` column, outside the log: in no
    leaf and no public answer) for the reporter's mailbox. No lock: this runs inside every
    proof-worthy request. The signer gives the entry its leaf index by its merge_by;
    `promises.promise_for` is what the event's owner can be given at once.
    """
    alert_id = None if alert is None else alert.pk
    # The member's plain value: it is what the entry's leaf bytes spell.
    entry = entries.build(ProofKind(kind).value, payload, alert_id=alert_id)
    # One INSERT, the alert's id with it (docs/proofs.md, the log's cost).
    entry.save(force_insert=True)
    return entry


# --- Time-stamping ------------------------------------------------------------------------------


def tree_head_tbs(head: TreeHead) -> bytes:
    return tree_head_bytes(head.tree_size, head.root_hash, format_time(head.timestamp))


def stamp_pending(*, limit: int = 20) -> int:
    """Ask the configured authorities for tokens over the newest unstamped heads.

    Runs outside any lock and any request. When every authority fails for a head, the round
    stops (it is down or slow: try again next round); the heads keep no token until then.
    """
    urls = settings.PROOFS_TSA_URLS
    if not urls:
        return 0
    stamped = 0
    for head in TreeHead.objects.filter(timestamp_token="").order_by("-tree_size")[:limit]:
        token = _ask_authorities(urls, tree_head_tbs(head))
        if token is None:
            break
        TreeHead.objects.filter(pk=head.pk, timestamp_token="").update(
            timestamp_token=base64.b64encode(token).decode("ascii")
        )
        stamped += 1
    return stamped


def _ask_authorities(urls: list[str], data: bytes) -> bytes | None:
    for url in urls:
        try:
            return tsa.request_token(url, data, timeout=settings.PROOFS_TSA_TIMEOUT)
        except Exception as error:
            logger.warning("time-stamping authority %s failed: %s", url, error)
    return None
