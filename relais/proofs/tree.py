"""Reading the stored tree: the hashes of complete subtrees, and the proofs built from them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from relais.proofs import merkle
from relais.proofs.models import ProofEntry, TreeHead, TreeNode

LEVEL_SHIFT = 48  # TreeNode.id = level << 48 | index: 2**48 leaves is far beyond any need
# For the two statements the log writes in SQL: the signer's leaf indexes (sequencer.py) and the
# proofs' reads (fetch_nodes).
ENTRY_TABLE = ProofEntry._meta.db_table
NODE_TABLE = TreeNode._meta.db_table


class TreeError(Exception):
    """The stored tree lacks a node it must have: a bug or a damaged database."""


def node_key(level: int, index: int) -> int:
    return (level << LEVEL_SHIFT) | index


def fetch_nodes(nodes: Iterable[merkle.Node]) -> dict[merkle.Node, bytes]:
    """The hashes of these complete subtrees, in one query: leaves from the entries, the rest
    from TreeNode. This is most of the time of a proof, hence SQL through Django's cursor: the
    ORM can say it (a `union` of two `values_list`), but building and compiling that takes about
    1 ms, more than twice the rest of a proof (bench/proofs.py; the target is under 1 ms)."""
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
