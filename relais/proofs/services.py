"""Writing to the proof log, folding it into the tree, signing and time-stamping tree heads.

The shape is Certificate Transparency's: `append` is one INSERT in the event's own transaction and
takes no lock, so that no request waits on another; `sequence_and_sign` (the signer loop, and any
request that needs a receipt now) gives the new entries their leaf index in id order, stores the
complete subtrees they complete and signs a new tree head, under one row lock; `stamp_pending`
asks the time-stamping authorities for tokens outside any lock, so a slow one blocks nobody.
"""

from __future__ import annotations

import base64
import logging
import os
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from relais.proofs import merkle, signing, tsa
from relais.proofs.formats import (
    entry_bytes,
    event_digest,
    format_time,
    tree_head_bytes,
    truncate_time,
)
from relais.proofs.models import LogState, ProofEntry, ProofLink, TreeHead, TreeNode

logger = logging.getLogger(__name__)

LEVEL_SHIFT = 48  # TreeNode.id = level << 48 | index: 2**48 leaves is far beyond any need
ENTRY_TABLE = ProofEntry._meta.db_table
LINK_TABLE = ProofLink._meta.db_table
NODE_TABLE = TreeNode._meta.db_table
ALERT_FIELD = ProofLink._meta.get_field("alert")


class Busy(Exception):
    """Another process holds the log's lock: it is sequencing and signing right now."""


class TreeError(Exception):
    """The stored tree lacks a node it must have: a bug or a damaged database."""


def append(*, kind: str, payload: dict[str, Any] | bytes, alert: Any = None) -> ProofEntry:
    """Append one proof-worthy event to the log; call it inside the event's own transaction.

    The entry keeps the kind, SHA-256(salt || canonical event bytes) and the time; the salt stays
    in our database so the event's owner can later show what the digest covers. `alert`, when
    given, is linked in a separate table (not part of the log) for the reporter's mailbox.
    One INSERT (two with an alert), written in SQL: this runs inside every proof-worthy request.
    """
    salt = os.urandom(32)
    digest = event_digest(salt, payload)
    recorded_at = truncate_time(timezone.now())
    leaf = merkle.leaf_hash(entry_bytes(kind, digest, format_time(recorded_at)))
    insert = (
        f"INSERT INTO {ENTRY_TABLE} (kind, digest, salt, recorded_at, leaf_hash) "  # noqa: S608
        "VALUES (%s, %s, %s, %s, %s) RETURNING id"
    )
    params: list[Any] = [kind, digest, salt, connection.ops.adapt_datetimefield_value(recorded_at)]
    params.append(leaf)
    with connection.cursor() as cursor:
        if alert is not None and connection.vendor == "postgresql":
            # One round trip for both rows: the link rides on the entry's INSERT.
            cursor.execute(
                f"WITH entry AS ({insert}) INSERT INTO {LINK_TABLE} (entry_id, alert_id) "  # noqa: S608
                "SELECT id, %s FROM entry RETURNING entry_id",
                [*params, ALERT_FIELD.get_db_prep_save(alert.pk, connection)],
            )
            entry_id = cursor.fetchone()[0]
        else:
            cursor.execute(insert, params)
            entry_id = cursor.fetchone()[0]
            if alert is not None:
                cursor.execute(
                    f"INSERT INTO {LINK_TABLE} (entry_id, alert_id) VALUES (%s, %s)",  # noqa: S608
                    [entry_id, ALERT_FIELD.get_db_prep_save(alert.pk, connection)],
                )
    entry = ProofEntry(
        id=entry_id, kind=kind, digest=digest, salt=salt, recorded_at=recorded_at, leaf_hash=leaf
    )
    entry._state.adding = False
    entry._state.db = connection.alias
    return entry


# --- Reading the tree ---------------------------------------------------------------------------


def node_key(level: int, index: int) -> int:
    return (level << LEVEL_SHIFT) | index


def fetch_nodes(nodes: Iterable[merkle.Node]) -> dict[merkle.Node, bytes]:
    """The hashes of these complete subtrees, in one query: leaves from the entries, the rest
    from TreeNode (SQL, not the ORM: this is most of the time of a proof)."""
    wanted = set(nodes)
    if not wanted:
        return {}
    leaves = [index for level, index in wanted if level == 0] or [-1]
    keys = [node_key(level, index) for level, index in wanted if level > 0] or [-1]
    sql = (
        f"SELECT leaf_index, leaf_hash FROM {ENTRY_TABLE} "  # noqa: S608
        f"WHERE leaf_index IN ({','.join(['%s'] * len(leaves))}) "
        f"UNION ALL SELECT -1 - id, hash FROM {NODE_TABLE} "
        f"WHERE id IN ({','.join(['%s'] * len(keys))})"
    )
    found: dict[merkle.Node, bytes] = {}
    mask = (1 << LEVEL_SHIFT) - 1
    with connection.cursor() as cursor:
        cursor.execute(sql, [*leaves, *keys])
        for key, value in cursor.fetchall():
            if key >= 0:
                found[(0, key)] = bytes(value)
            else:  # a TreeNode key, negated so that one column tells the two apart
                key = -1 - key
                found[(key >> LEVEL_SHIFT, key & mask)] = bytes(value)
    if len(found) != len(wanted):
        raise TreeError(f"missing tree nodes: {sorted(wanted - set(found))[:5]}")
    return found


def hashes_of(ranges: list[merkle.Range]) -> list[bytes]:
    return merkle.hash_ranges(ranges, fetch_nodes(merkle.nodes_for(ranges)))


def root_at(size: int) -> bytes:
    return hashes_of([(0, size)])[0] if size else merkle.EMPTY_ROOT


def inclusion_proof(leaf_index: int, tree_size: int) -> list[bytes]:
    """PATH(leaf_index, D[0:tree_size]) from stored subtrees: two indexed queries."""
    return hashes_of(merkle.inclusion_ranges(leaf_index, tree_size))


def consistency_proof(first: int, second: int) -> list[bytes]:
    """PROOF(first, D[0:second]) from stored subtrees."""
    return hashes_of(merkle.consistency_ranges(first, second))


def latest_tree_head() -> TreeHead | None:
    return TreeHead.objects.order_by("-tree_size").first()


def latest_tree_size() -> int:
    head = latest_tree_head()
    return head.tree_size if head else 0


# --- Sequencing and signing ---------------------------------------------------------------------


def _assign_leaf_indexes(pairs: list[tuple[int, int]]) -> None:
    """UPDATE ... FROM (VALUES (id, index), ...): thousands of rows per statement on both
    SQLite and PostgreSQL (both name the VALUES columns column1, column2)."""
    table = ProofEntry._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), 1000):
            chunk = pairs[start : start + 1000]
            values = ",".join(["(%s, %s)"] * len(chunk))
            params = [value for pair in chunk for value in pair]
            cursor.execute(
                f"UPDATE {table} SET leaf_index = v.column2 FROM (VALUES {values}) AS v "  # noqa: S608
                f"WHERE {table}.id = v.column1",
                params,
            )


def _compact_range(state: LogState) -> merkle.CompactRange:
    raw, size = bytes(state.frontier), state.tree_size
    if len(raw) == 32 * size.bit_count():
        return merkle.CompactRange(size, [raw[i : i + 32] for i in range(0, len(raw), 32)])
    frontier = merkle.range_nodes(0, size)  # not kept yet: read it back from the tree once
    known = fetch_nodes(frontier)
    return merkle.CompactRange(size, [known[node] for node in frontier])


def _save_state(state: LogState, compact: merkle.CompactRange) -> None:
    state.tree_size = compact.size
    state.frontier = b"".join(compact.hashes)
    state.save(update_fields=["tree_size", "frontier", "signed_size"])


def _sequence_batch(compact: merkle.CompactRange, limit: int) -> int:
    """Fold up to `limit` unsequenced entries into the tree; return how many."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, leaf_hash FROM {ENTRY_TABLE} WHERE leaf_index IS NULL "  # noqa: S608
            "ORDER BY id LIMIT %s",
            [limit],
        )
        pending = cursor.fetchall()
    if not pending:
        return 0
    nodes: list[TreeNode] = []
    pairs: list[tuple[int, int]] = []
    for entry_id, leaf in pending:
        pairs.append((entry_id, compact.size))
        for level, index, value in compact.append(bytes(leaf)):
            nodes.append(TreeNode(id=node_key(level, index), hash=value))
    _assign_leaf_indexes(pairs)
    TreeNode.objects.bulk_create(nodes, batch_size=1000)
    return len(pending)


def _sign(size: int, root: bytes) -> TreeHead:
    moment = truncate_time(timezone.now())
    tbs = tree_head_bytes(size, root.hex(), format_time(moment))
    return TreeHead.objects.create(
        tree_size=size,
        root_hash=root.hex(),
        timestamp=moment,
        key_id=signing.key_id(),
        signature=signing.sign(tbs),
        public_key=signing.public_pem(),
    )


def sequence_and_sign(*, batch: int | None = None, nowait: bool = False) -> TreeHead | None:
    """Sequence every entry committed so far and sign a tree head over them.

    Returns the new head, or None when there was nothing new (the empty log gets a head once).
    Batches commit one by one, so the lock is held for one batch at a time; the head is signed
    in the same transaction as the last batch. Safe to call from several processes at once.
    With ``nowait``, raise Busy instead of queueing behind another signer (PostgreSQL; SQLite
    serialises writers by itself).
    """
    batch = batch or settings.PROOFS_BATCH_SIZE
    while True:
        with transaction.atomic():
            try:
                state = LogState.objects.select_for_update(nowait=nowait).filter(pk=1).first()
            except OperationalError as error:  # "could not obtain lock on row"
                raise Busy from error
            if state is None:
                state, _created = LogState.objects.select_for_update().get_or_create(pk=1)
            compact = _compact_range(state)
            folded = _sequence_batch(compact, batch)
            if folded == batch:  # more may be waiting: commit this batch, take the next
                _save_state(state, compact)
                continue
            head = None
            if state.signed_size != compact.size:
                if not TreeHead.objects.filter(tree_size=compact.size).exists():
                    head = _sign(compact.size, compact.root())
                state.signed_size = compact.size
                _save_state(state, compact)
        if head is not None and settings.PROOFS_TSA_URLS:
            from relais.proofs.tasks import stamp_tree_heads

            stamp_tree_heads.enqueue()
        return head


def tidy() -> None:
    """After a large sequencing round on PostgreSQL, clear the dead index entries it left.

    Every sequenced entry leaves a dead tuple in the "unsequenced" partial index until a vacuum;
    after a burst of many thousands, the sequencer's query would walk them all on every round.
    Autovacuum gets there in time; the signer loop calls this to get there at once. Must run
    outside a transaction. SQLite removes index entries at once and needs nothing.
    """
    if connection.vendor == "postgresql" and connection.get_autocommit():
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {ENTRY_TABLE}")


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
