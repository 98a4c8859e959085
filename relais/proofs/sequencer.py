"""Folding entries into the tree and signing tree heads, as Certificate Transparency logs do.

`append` (services.py) writes an entry in its event's transaction and takes no lock. A *round*
takes the log's lock (the state row, `FOR UPDATE` on PostgreSQL; SQLite's IMMEDIATE transactions
already hold its only write lock), gives entries their leaf index, stores the complete subtrees
they complete and signs a tree head over the result. Three kinds of round:

- `append_and_sign`, for an event whose receipt is answered at once (a new alert): the last step
  of the event's transaction. When the lock is free at that instant, the entry is written already
  sequenced and signed, in the same round trip; its proof comes from the hashes in memory. When
  another round holds the lock it does not wait (SKIP LOCKED): the entry is appended as usual.
- `run_round(want=...)`, after the commit, for a receipt the entry does not have yet: it queues on
  the lock (waiting costs no CPU), then folds that one entry unless a round did meanwhile.
- `run_round()`, the signer loop every few seconds: every entry not sequenced yet, in id order,
  in batches that commit one by one.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from relais.proofs import entries, merkle, signing, sql
from relais.proofs.formats import format_time, tree_head_bytes, truncate_time
from relais.proofs.models import LogState, ProofEntry, TreeHead
from relais.proofs.sql import Write
from relais.proofs.tree import (
    ENTRY_TABLE,
    HEAD_TABLE,
    NODE_TABLE,
    STATE_TABLE,
    fetch_nodes,
    node_key,
)

logger = logging.getLogger(__name__)


class Busy(Exception):
    """Another process holds the log's lock: it is sequencing and signing right now."""


@dataclass(frozen=True)
class Round:
    """What a round did."""

    head: TreeHead | None  # the head it signed, None when there was nothing new
    leaf_index: int | None = None  # the wanted entry's leaf, when this round sequenced it
    proof: list[bytes] | None = None  # its inclusion proof in `head`, when this round signed it


@dataclass
class _Fold:
    """The leaves a round folds, and for the wanted one the hashes its proof needs: the frontier
    when its batch began (the left siblings on its path are frontier roots) and every leaf and
    subtree folded since (the right siblings lie after it)."""

    compact: merkle.CompactRange
    want: int | None = None  # an entry id
    tracking: bool = False  # keep the hashes a proof of the wanted leaf needs
    leaf_index: int | None = None
    pairs: list[tuple[int, int]] = field(default_factory=list)  # (entry id, leaf index)
    nodes: list[tuple[int, bytes]] = field(default_factory=list)  # (node key, hash)
    known: dict[merkle.Node, bytes] = field(default_factory=dict)

    def track(self) -> None:
        self.tracking = True
        size = self.compact.size
        self.known = dict(zip(merkle.range_nodes(0, size), self.compact.hashes, strict=True))

    def add(self, entry_id: int | None, leaf: bytes) -> int:
        index = self.compact.size
        if entry_id is not None:
            self.pairs.append((entry_id, index))
        if entry_id == self.want:
            self.leaf_index = index
        if self.tracking:
            self.known[(0, index)] = leaf
        for level, node_index, value in self.compact.append(leaf):
            self.nodes.append((node_key(level, node_index), value))
            if self.tracking:
                self.known[(level, node_index)] = value
        return index

    def result(self, head: TreeHead | None) -> Round:
        proof = None
        if head is not None and self.leaf_index is not None:
            ranges = merkle.inclusion_ranges(self.leaf_index, head.tree_size)
            proof = merkle.hash_ranges(ranges, self.known)
        return Round(head=head, leaf_index=self.leaf_index, proof=proof)


def _lock_state(*, wait: bool, along: Sequence[Write] = ()) -> tuple[int, bytes, int] | None:
    """Lock the log's state row and read it: (tree_size, frontier, signed_size); None when
    another transaction holds it and `wait` is false. FOR UPDATE reads the row's latest version
    even when it changed after this statement began, so the state is never stale. `along` are
    writes of the caller's that ride in the same round trip (they run whether or not the lock
    is free)."""
    lock = ""
    if connection.vendor == "postgresql":
        lock = " FOR UPDATE" if wait else " FOR UPDATE SKIP LOCKED"
    query = f"SELECT tree_size, frontier, signed_size FROM {STATE_TABLE} WHERE id = 1{lock}"  # noqa: S608
    with sql.cursor() as cursor:
        if along and connection.vendor == "postgresql":
            prefix, params = sql.with_clauses(list(along))
            cursor.execute(f"{prefix} {query}", params)
        else:
            for write in along:
                cursor.execute(write.sql, write.params)
            cursor.execute(query)
        row = cursor.fetchone()
        if row is None and wait:  # the first round ever
            LogState.objects.get_or_create(pk=1)
            cursor.execute(query)
            row = cursor.fetchone()
    return None if row is None else (int(row[0]), bytes(row[1]), int(row[2]))


def _compact_range(size: int, frontier: bytes) -> merkle.CompactRange:
    if len(frontier) == 32 * size.bit_count():
        hashes = [frontier[i : i + 32] for i in range(0, len(frontier), 32)]
        return merkle.CompactRange(size, hashes)
    nodes = merkle.range_nodes(0, size)  # not kept yet: read it back from the tree once
    known = fetch_nodes(nodes)
    return merkle.CompactRange(size, [known[node] for node in nodes])


def _values(rows: list[tuple[Any, ...]]) -> tuple[str, list[Any]]:
    return ",".join(["(%s, %s)"] * len(rows)), [value for row in rows for value in row]


def _writes(fold: _Fold, signed_size: int) -> list[Write]:
    """UPDATE ... FROM (VALUES (id, index), ...), the INSERT of the completed subtrees, a
    thousand rows a statement (SQLite and PostgreSQL both name VALUES columns column1, ...),
    and the new state."""
    statements: list[Write] = []
    for start in range(0, len(fold.pairs), 1000):
        values, params = _values(fold.pairs[start : start + 1000])
        statements.append(
            Write(
                f"leaves{start}",
                f"UPDATE {ENTRY_TABLE} SET leaf_index = v.column2 FROM (VALUES {values}) AS v "  # noqa: S608
                f"WHERE {ENTRY_TABLE}.id = v.column1",
                params,
            )
        )
    for start in range(0, len(fold.nodes), 1000):
        values, params = _values(fold.nodes[start : start + 1000])
        sql_text = f"INSERT INTO {NODE_TABLE} (id, hash) VALUES {values}"  # noqa: S608
        statements.append(Write(f"nodes{start}", sql_text, params))
    compact = fold.compact
    statements.append(
        Write(
            "state",
            f"UPDATE {STATE_TABLE} SET tree_size = %s, frontier = %s, signed_size = %s "  # noqa: S608
            "WHERE id = 1",
            [compact.size, b"".join(compact.hashes), signed_size],
        )
    )
    return statements


def _head_write(size: int, root: bytes) -> tuple[Write, TreeHead]:
    """The INSERT of a newly signed head (named "head"). It inserts nothing when a head of that
    size exists (a state row older than its heads), so that rounds go on rather than fail."""
    moment = truncate_time(timezone.now())
    key_id, public_pem = signing.identity()
    head = TreeHead(
        tree_size=size,
        root_hash=root.hex(),
        timestamp=moment,
        key_id=key_id,
        signature=signing.sign(tree_head_bytes(size, root.hex(), format_time(moment))),
        public_key=public_pem,
        timestamp_token="",
        created_at=timezone.now(),
    )
    adapt = connection.ops.adapt_datetimefield_value
    values = [head.tree_size, head.root_hash, adapt(moment), key_id, head.signature, public_pem]
    insert = Write(
        "head",
        f"INSERT INTO {HEAD_TABLE} (tree_size, root_hash, timestamp, key_id, signature, "  # noqa: S608
        "public_key, timestamp_token, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (tree_size) DO NOTHING RETURNING id",
        [*values, "", adapt(head.created_at)],
    )
    return insert, head


def _saved_head(head: TreeHead, head_id: int | None) -> TreeHead | None:
    if head_id is None:
        return None
    head.pk = head_id
    head._state.adding = False
    head._state.db = connection.alias
    return head


def _commit_fold(
    fold: _Fold, signed_size: int, *, sign: bool, first: Sequence[Write] = ()
) -> tuple[dict[str, Any], TreeHead | None]:
    """Write the fold (after `first`), and a head signed over it when `sign`; return the ids
    the writes gave and the head."""
    if not sign:
        return sql.write([*first, *_writes(fold, signed_size)], ("entry",)), None
    insert, head = _head_write(fold.compact.size, fold.compact.root())
    ids = sql.write([*first, *_writes(fold, fold.compact.size), insert], ("entry", "head"))
    return ids, _saved_head(head, ids["head"])


def append_and_sign(
    *,
    kind: str,
    payload: dict[str, Any] | bytes,
    alert: Any = None,
    with_lock: Sequence[Write] = (),
    with_entry: Sequence[Write] = (),
) -> tuple[ProofEntry, Round | None]:
    """Append an event as the last step of its transaction and, when the log's lock is free at
    this instant, sequence and sign it in the same round trip. Never waits for the lock: when it
    is taken, this is `append` and the Round is None. Call it last, so that the lock is held
    only for the caller's commit.

    `with_lock` and `with_entry` are the caller's own last writes (a new alert and its audit
    row), sent in the log's two statements, the lock's and the entry's, so that the log adds no
    round trip to the request. The first ones run before the entry is written.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("append_and_sign runs inside the event's transaction")
    entry = entries.build(kind, payload)
    state = _lock_state(wait=False, along=with_lock)
    if state is None:
        ids = sql.write([*with_entry, *entries.inserts(entry, alert)], ("entry",))
        return entries.stored(entry, ids["entry"]), None
    size, frontier, _signed_size = state  # this round signs: the new size is signed
    try:  # a fault of the log's own (key, stored tree) must not cost the reporter the alert
        fold = _Fold(_compact_range(size, frontier))
        fold.track()
        leaf_index = fold.add(None, bytes(entry.leaf_hash))
        insert, head = _head_write(fold.compact.size, fold.compact.root())
    except Exception:
        logger.exception("could not sign a new entry in its transaction; appending it")
        ids = sql.write([*with_entry, *entries.inserts(entry, alert)], ("entry",))
        return entries.stored(entry, ids["entry"]), None
    fold.leaf_index = entry.leaf_index = leaf_index
    writes = [*with_entry, *entries.inserts(entry, alert)]  # now with its leaf index
    ids = sql.write([*writes, *_writes(fold, fold.compact.size), insert], ("entry", "head"))
    signed = _saved_head(head, ids["head"])
    entries.stored(entry, ids["entry"])
    if signed is None:
        return entry, None
    return entry, fold.result(signed)


def _lock_with_entry(entry_id: int) -> tuple[int, bytes, int, int | None, bytes] | None:
    """Lock the state row and the entry's row and read both, in one round trip (FOR UPDATE
    reads the latest version of every row it locks, so neither is stale after a wait); None
    when either row is missing."""
    lock = " FOR UPDATE" if connection.vendor == "postgresql" else ""
    with sql.cursor() as cursor:
        cursor.execute(
            "SELECT s.tree_size, s.frontier, s.signed_size, e.leaf_index, e.leaf_hash "  # noqa: S608
            f"FROM {STATE_TABLE} s, {ENTRY_TABLE} e WHERE s.id = 1 AND e.id = %s{lock}",
            [entry_id],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    return int(row[0]), bytes(row[1]), int(row[2]), row[3], bytes(row[4])


def _sign_entry(entry_id: int) -> Round:
    """Under the lock (waiting for it): fold this one entry unless a round did meanwhile, and
    sign what is not signed yet."""
    found = _lock_with_entry(entry_id)
    if found is None:  # the first round ever (this creates the state row), or try again
        state = _lock_state(wait=True)
        found = _lock_with_entry(entry_id)
    unsequenced: bytes | None = None  # the entry's leaf hash, when it needs folding
    if found is None:  # an entry whose transaction has not committed
        assert state is not None
        size, frontier, signed_size = state
    else:
        size, frontier, signed_size, leaf_index, leaf = found
        unsequenced = leaf if leaf_index is None else None
    fold = _Fold(_compact_range(size, frontier), want=entry_id)
    if unsequenced is not None:
        fold.track()
        fold.add(entry_id, unsequenced)
    elif signed_size == size:
        return Round(head=None)  # folded and signed by an earlier round, or not committed
    _ids, head = _commit_fold(fold, signed_size, sign=True)
    return fold.result(head)


def run_round(*, batch: int | None = None, nowait: bool = False, want: int | None = None) -> Round:
    """With `want` (an entry id), see that entry sequenced and signed (see _sign_entry).

    Otherwise sequence every entry committed so far and sign a tree head over them. Batches
    commit one by one, so the lock is held for one batch at a time; the head is signed in the
    same transaction as the last batch. Safe to call from several processes at once. With
    ``nowait``, raise Busy instead of queueing behind another round (PostgreSQL).
    """
    if want is not None:
        with transaction.atomic():
            done = _sign_entry(want)
        return done
    batch = batch or settings.PROOFS_BATCH_SIZE
    more, head = True, None
    while more:
        with transaction.atomic():
            state = _lock_state(wait=not nowait)
            if state is None and not LogState.objects.filter(pk=1).exists():
                state = _lock_state(wait=True)  # the first round ever: create the row
            if state is None:
                raise Busy
            size, frontier, signed_size = state
            fold = _Fold(_compact_range(size, frontier))
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT id, leaf_hash FROM {ENTRY_TABLE} WHERE leaf_index IS NULL "  # noqa: S608
                    "ORDER BY id LIMIT %s",
                    [batch],
                )
                for entry_id, leaf in cursor.fetchall():
                    fold.add(entry_id, bytes(leaf))
            more = len(fold.pairs) == batch
            sign = not more and signed_size != fold.compact.size
            if fold.pairs or sign:
                _ids, head = _commit_fold(fold, signed_size, sign=sign)
    return Round(head=head)


def sequence_and_sign(*, batch: int | None = None, nowait: bool = False) -> TreeHead | None:
    """Sequence and sign (see run_round); return the new head, or None when there was nothing
    new (the empty log gets a head once)."""
    return run_round(batch=batch, nowait=nowait).head


def tidy() -> None:
    """After a large sequencing round on PostgreSQL, clear the dead index entries it left.

    Every entry sequenced after its append leaves a dead tuple in the "unsequenced" partial
    index until a vacuum; after a burst of many thousands, the signer's query would walk them
    all on every round. Autovacuum gets there in time; the signer loop calls this to get there
    at once. Must run outside a transaction. SQLite removes index entries at once.
    """
    if connection.vendor == "postgresql" and connection.get_autocommit():
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {ENTRY_TABLE}")
