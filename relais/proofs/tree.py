"""Reading the stored tree: the hashes of complete subtrees, and the proofs built from them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from django.db.models import F, Value

from relais.proofs import merkle
from relais.proofs.models import ProofEntry, TreeHead, TreeNode

LEVEL_SHIFT = 48  # TreeNode.id = level << 48 | index: 2**48 leaves is far beyond any need
ENTRY_TABLE = ProofEntry._meta.db_table  # for the signer's one raw statement (sequencer.py)


class TreeError(Exception):
    """The stored tree lacks a node it must have: a bug or a damaged database."""


def node_key(level: int, index: int) -> int:
    return (level << LEVEL_SHIFT) | index


def fetch_nodes(nodes: Iterable[merkle.Node]) -> dict[merkle.Node, bytes]:
    """The hashes of these complete subtrees, in one query: leaves from the entries, the rest
    from TreeNode, the two read in one UNION ALL (this is most of the time of a proof)."""
    wanted = set(nodes)
    if not wanted:
        return {}
    leaves = [index for level, index in wanted if level == 0] or [-1]
    keys = [node_key(level, index) for level, index in wanted if level > 0] or [-1]
    # A TreeNode key comes back negated (-1 - key), so that one column tells the two apart.
    entries = ProofEntry.objects.filter(leaf_index__in=leaves).values_list(
        "leaf_index", "leaf_hash"
    )
    subtrees = (
        TreeNode.objects.filter(id__in=keys)
        .annotate(negated=Value(-1) - F("id"))
        .values_list("negated", "hash")
    )
    found: dict[merkle.Node, bytes] = {}
    mask = (1 << LEVEL_SHIFT) - 1
    rows = cast(Iterable[tuple[int, bytes]], entries.union(subtrees, all=True))
    for key, value in rows:
        if key >= 0:
            found[(0, key)] = bytes(value)
        else:
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
