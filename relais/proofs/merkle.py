"""The Merkle tree of RFC 6962 / RFC 9162, without a database.

Hashes: a leaf is SHA-256(0x00 || leaf bytes), an inner node SHA-256(0x01 || left || right), the
empty tree SHA-256(""). The tree over n leaves splits at k, the largest power of two below n.

Storage model (used by services.py): every *complete* subtree, one whose size is a power of two and
whose first leaf is a multiple of that size, is written once and never changes. It is addressed by
(level, index) and covers the leaves [index * 2**level, (index + 1) * 2**level). Any subtree the
RFC's recursion meets is a run of such complete subtrees, so a proof needs O(log n) stored hashes:
the functions here first *plan* which (level, index) nodes a proof needs, the caller fetches them in
one query, then the proof is *computed* from them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence

Node = tuple[int, int]  # (level, index)
Range = tuple[int, int]  # leaves [start, end)

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(leaf: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(size: int) -> int:
    """The largest power of two strictly smaller than size (size >= 2)."""
    return 1 << ((size - 1).bit_length() - 1)


def range_nodes(start: int, end: int) -> list[Node]:
    """The complete subtrees that make up the leaves [start, end), left to right.

    For the subtrees of an RFC 6962 tree this is the binary decomposition of their size; the
    Merkle tree hash of the range is the right fold of these nodes (see fold_nodes).
    """
    nodes: list[Node] = []
    while start < end:
        level = (end - start).bit_length() - 1
        while start & ((1 << level) - 1):
            level -= 1
        nodes.append((level, start >> level))
        start += 1 << level
    return nodes


def fold_nodes(hashes: Sequence[bytes]) -> bytes:
    """Merkle tree hash of a run of complete subtrees (largest first): a right fold."""
    if not hashes:
        return EMPTY_ROOT
    result = hashes[-1]
    for left in reversed(hashes[:-1]):
        result = node_hash(left, result)
    return result


def inclusion_ranges(index: int, size: int) -> list[Range]:
    """The subtrees whose hashes form PATH(index, D[0:size]) (RFC 9162 2.1.3.1), bottom first."""
    if not 0 <= index < size:
        raise ValueError("leaf index out of range")
    ranges: list[Range] = []
    start, end = 0, size
    while end - start > 1:
        k = split_point(end - start)
        if index < start + k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start = start + k
    ranges.reverse()
    return ranges


def consistency_ranges(first: int, second: int) -> list[Range]:
    """The subtrees whose hashes form PROOF(first, D[0:second]) (RFC 9162 2.1.4.1), in order."""
    if not 0 <= first <= second:
        raise ValueError("tree sizes out of range")
    if first in (0, second):
        return []
    ranges: list[Range] = []
    start, end, m, whole = 0, second, first, True
    while True:
        size = end - start
        if m == size:
            if not whole:
                ranges.append((start, end))
            break
        k = split_point(size)
        if m <= k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            m -= k
            start += k
            whole = False
    ranges.reverse()
    return ranges


def nodes_for(ranges: Iterable[Range]) -> set[Node]:
    return {node for start, end in ranges for node in range_nodes(start, end)}


def hash_ranges(ranges: Iterable[Range], lookup: Mapping[Node, bytes]) -> list[bytes]:
    return [fold_nodes([lookup[node] for node in range_nodes(s, e)]) for s, e in ranges]


def root_from_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes:
    """Fold an inclusion proof into a root (RFC 9162 2.1.3.2); ValueError when malformed."""
    if not 0 <= index < size:
        raise ValueError("leaf index out of range")
    fn, sn, result = index, size - 1, leaf
    for sibling in proof:
        if sn == 0:
            raise ValueError("inclusion proof too long")
        if fn & 1 or fn == sn:
            result = node_hash(sibling, result)
            while not fn & 1 and fn:
                fn >>= 1
                sn >>= 1
        else:
            result = node_hash(result, sibling)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ValueError("inclusion proof too short")
    return result


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 2.1.4.2: does the tree of size `second` extend the tree of size `first`?"""
    if not 0 <= first <= second:
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof
    path = list(proof)
    if first & (first - 1) == 0:  # a power of two: the first root is the first node
        path.insert(0, first_root)
    if not path:
        return False
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == first_root and sr == second_root


class CompactRange:
    """The right edge of a growing tree: the roots of the complete subtrees of [0, size).

    Appending a leaf returns the complete subtrees it completes, so that the caller can store
    each of them once. This is how the sequencer folds a batch of leaves into the tree.
    """

    def __init__(self, size: int, hashes: Sequence[bytes]) -> None:
        if len(hashes) != size.bit_count():
            raise ValueError("a compact range holds one hash per bit of its size")
        self.size = size
        self.hashes = list(hashes)

    def append(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        """Add a leaf hash; return the complete subtrees it completes, as (level, index, hash)."""
        completed: list[tuple[int, int, bytes]] = []
        index, value, level = self.size, leaf, 0
        while index & 1:
            value = node_hash(self.hashes.pop(), value)
            index >>= 1
            level += 1
            completed.append((level, index, value))
        self.hashes.append(value)
        self.size += 1
        return completed

    def root(self) -> bytes:
        return fold_nodes(self.hashes)


def compute_root(leaves: Sequence[bytes], get: Callable[[bytes], bytes] = leaf_hash) -> bytes:
    """Root of a whole list of leaf bytes, for tools and small trees."""
    compact = CompactRange(0, [])
    for leaf in leaves:
        compact.append(get(leaf))
    return compact.root()
