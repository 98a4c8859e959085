"""Folding entries into the tree and signing tree heads, as Certificate Transparency logs do.

`append` (services.py) writes an entry in its event's transaction and takes no lock; the entry
comes with a PROMISE (promises.py): the log will hold it in a signed tree head by its `merge_by`.
A *round* locks the log's state row (`select_for_update`; SQLite ignores it, but its IMMEDIATE
transactions already hold its one write lock), gives entries their leaf index, stores the
complete subtrees they complete and signs a tree head over the result. Two kinds of round:

- `run_round()`, the signer (`relais worker`, every few seconds): every entry not folded
  yet, nearest `merge_by` first, in batches that commit one by one, each with its signed head,
  so that a backlog never holds back the promises that fall due first.
- `run_round(want=...)`, after the event's commit, for a RECEIPT wanted now (an uploaded file's
  answer, api.md): it queues on the lock (waiting costs no CPU), then folds that one entry unless
  a round did meanwhile.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from relais.proofs import merkle, signing
from relais.proofs.formats import format_time, tree_head_bytes, truncate_time
from relais.proofs.models import LogState, ProofEntry, TreeHead, TreeNode
from relais.proofs.tree import ENTRY_TABLE, fetch_nodes, node_key

logger = logging.getLogger(__name__)
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE for FOR UPDATE NOWAIT on a locked row


class Busy(Exception):
    """Another process holds the log's lock: it is sequencing and signing right now."""


@dataclass(frozen=True)
class Round:
    """What a round did."""

    head: TreeHead | None  # the last head it signed, None when there was nothing new
    leaf_index: int | None = None  # the wanted entry's leaf, when this round sequenced it
    proof: list[bytes] | None = None  # its inclusion proof in `head`, when this round signed it


@dataclass
class _Fold:
    """The leaves a round folds, and for the wanted one the hashes its proof needs: the frontier
    when the round began (the left siblings on its path are frontier roots) and every leaf and
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

    def add(self, entry_id: int, leaf: bytes) -> int:
        index = self.compact.size
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


def _locked_state(*, nowait: bool = False) -> LogState:
    """The log's state row, locked until the transaction ends. A migration creates it; a flushed
    test database has none, so the first round creates it. With `nowait`, Busy instead of
    queueing behind another round (PostgreSQL; SQLite waits for its write lock at BEGIN)."""
    rows = LogState.objects.select_for_update(nowait=nowait)
    try:
        state, _created = rows.get_or_create(pk=1)
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == LOCK_NOT_AVAILABLE:
            raise Busy from error
        raise
    return state


def _fold_for(state: LogState, want: int | None = None) -> _Fold:
    """A fold that starts from the state's tree. The frontier (one hash per bit of the size) is
    kept in the state row, so that a round never reads the tree back; an older state row
    without it is read back from the stored subtrees once."""
    size, frontier = state.tree_size, bytes(state.frontier)
    if len(frontier) == 32 * size.bit_count():
        hashes = [frontier[i : i + 32] for i in range(0, len(frontier), 32)]
    else:
        nodes = merkle.range_nodes(0, size)
        known = fetch_nodes(nodes)
        hashes = [known[node] for node in nodes]
    return _Fold(merkle.CompactRange(size, hashes), want=want)


def _set_leaf_indexes(pairs: list[tuple[int, int]]) -> None:
    """UPDATE ... FROM (VALUES (id, leaf index), ...), a thousand rows a statement: the log's one
    raw statement. The ORM's bulk_update writes a CASE with a branch per row, which the database
    walks for every row: quadratic in the batch, minutes for a million entries. SQLite (3.33 and
    later) and PostgreSQL both name the columns of VALUES column1, column2."""
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), 1000):
            chunk = pairs[start : start + 1000]
            values = ",".join(["(%s, %s)"] * len(chunk))
            cursor.execute(
                f"UPDATE {ENTRY_TABLE} SET leaf_index = v.column2 FROM (VALUES {values}) AS v "  # noqa: S608
                f"WHERE {ENTRY_TABLE}.id = v.column1",
                [value for pair in chunk for value in pair],
            )


def _sign(size: int, root: bytes) -> TreeHead | None:
    """A new signed head over the tree of `size` leaves; None when a head of that size exists
    already (a state row older than its heads, after a partial restore), so that rounds go on
    rather than fail."""
    if TreeHead.objects.filter(tree_size=size).exists():
        logger.warning("a tree head of size %s exists already; not signing another", size)
        return None
    moment = truncate_time(timezone.now())
    key_id, public_pem = signing.identity()
    return TreeHead.objects.create(
        tree_size=size,
        root_hash=root.hex(),
        timestamp=moment,
        key_id=key_id,
        signature=signing.sign(tree_head_bytes(size, root.hex(), format_time(moment))),
        public_key=public_pem,
    )


def _commit(state: LogState, fold: _Fold) -> TreeHead | None:
    """Write what the fold did (leaf indexes, completed subtrees, the new state) and a head
    signed over it, in the caller's transaction."""
    _set_leaf_indexes(fold.pairs)
    TreeNode.objects.bulk_create(
        [TreeNode(id=key, hash=value) for key, value in fold.nodes], batch_size=1000
    )
    head = _sign(fold.compact.size, fold.compact.root())
    state.tree_size = state.signed_size = fold.compact.size
    state.frontier = b"".join(fold.compact.hashes)
    state.save(update_fields=["tree_size", "frontier", "signed_size"])
    return head


def _sign_entry(entry_id: int) -> Round:
    """Under the lock (waiting for it): fold this one entry unless a round did meanwhile, and
    sign what is not signed yet. After the wait, the entry is read as last committed."""
    state = _locked_state()
    found = ProofEntry.objects.filter(pk=entry_id).values_list("leaf_index", "leaf_hash").first()
    fold = _fold_for(state, want=entry_id)
    if found is not None and found[0] is None:
        fold.track()
        fold.add(entry_id, bytes(found[1]))
    elif state.signed_size == state.tree_size:
        return Round(head=None)  # folded and signed by an earlier round, or not committed
    return fold.result(_commit(state, fold))


def run_round(*, batch: int | None = None, nowait: bool = False, want: int | None = None) -> Round:
    """With `want` (an entry id), see that entry sequenced and signed (see _sign_entry).

    Otherwise fold every entry committed so far, nearest merge_by first, and sign a tree head
    over each batch. Batches commit one by one, so the lock is held for one batch at a time.
    Safe to call from several processes at once. With ``nowait``, raise Busy instead of
    queueing behind another round (PostgreSQL).
    """
    if want is not None:
        with transaction.atomic():
            done = _sign_entry(want)
        return done
    batch = batch or settings.PROOFS_BATCH_SIZE
    more, head = True, None
    while more:
        with transaction.atomic():
            state = _locked_state(nowait=nowait)
            fold = _fold_for(state)
            pending = ProofEntry.objects.filter(leaf_index__isnull=True).order_by("merge_by", "id")
            for entry_id, leaf in pending.values_list("id", "leaf_hash")[:batch]:
                fold.add(entry_id, bytes(leaf))
            more = len(fold.pairs) == batch
            if fold.pairs or state.signed_size != fold.compact.size:
                head = _commit(state, fold) or head
    return Round(head=head)


def sequence_and_sign(*, batch: int | None = None, nowait: bool = False) -> TreeHead | None:
    """Sequence and sign (see run_round); return the last new head, or None when there was
    nothing new (the empty log gets a head once)."""
    return run_round(batch=batch, nowait=nowait).head


def tidy() -> None:
    """After a large sequencing round on PostgreSQL, clear the dead index entries it left.

    Every entry folded leaves a dead tuple in the "unmerged" partial index until a vacuum; after
    a burst of many thousands, the signer's query would walk them all on every round.
    Autovacuum gets there in time; the signer loop calls this to get there at once. A
    maintenance command, not a write of the log. Must run outside a transaction. SQLite removes
    index entries at once.
    """
    if connection.vendor == "postgresql" and connection.get_autocommit():
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {ENTRY_TABLE}")
