"""The tree agrees with a plain recursive reference taken straight from RFC 6962 / RFC 9162.

Roots: every size from 0 to 1 000, both by appending leaves one by one (the sequencer's way) and
from stored complete subtrees (the proof generator's way). Proofs: every size from 1 to 1 000 at
its edge cases, and hypothesis-drawn (size, index) pairs, checked both ways: equal to the RFC's
PATH and PROOF, and accepted by the verification algorithms.
"""

from __future__ import annotations

import hashlib
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from relais.proofs import merkle

MAX = 1000
LEAVES = [f"leaf {i}".encode() for i in range(MAX)]


# --- The reference: RFC 6962 section 2.1, as written -------------------------------------------


@cache
def mth(start: int, end: int) -> bytes:
    """MTH(D[start:end])."""
    n = end - start
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return hashlib.sha256(b"\x00" + LEAVES[start]).digest()
    k = 1
    while k * 2 < n:
        k *= 2
    return hashlib.sha256(b"\x01" + mth(start, start + k) + mth(start + k, end)).digest()


def path(m: int, start: int, end: int) -> list[bytes]:
    """PATH(m, D[start:end]), m relative to start."""
    n = end - start
    if n == 1:
        return []
    k = 1
    while k * 2 < n:
        k *= 2
    if m < k:
        return [*path(m, start, start + k), mth(start + k, end)]
    return [*path(m - k, start + k, end), mth(start, start + k)]


def subproof(m: int, start: int, end: int, whole: bool) -> list[bytes]:
    """SUBPROOF(m, D[start:end], b)."""
    n = end - start
    if m == n:
        return [] if whole else [mth(start, end)]
    k = 1
    while k * 2 < n:
        k *= 2
    if m <= k:
        return [*subproof(m, start, start + k, whole), mth(start + k, end)]
    return [*subproof(m - k, start + k, end, False), mth(start, start + k)]


# --- The implementation under test, over stored complete subtrees ------------------------------


def stored_nodes() -> dict[merkle.Node, bytes]:
    """Every complete subtree of the 1 000 leaves, as the sequencer writes them."""
    compact = merkle.CompactRange(0, [])
    nodes: dict[merkle.Node, bytes] = {}
    for index, leaf in enumerate(LEAVES):
        value = merkle.leaf_hash(leaf)
        nodes[(0, index)] = value
        for level, node_index, node_value in compact.append(value):
            nodes[(level, node_index)] = node_value
    return nodes


NODES = stored_nodes()


def proof_of(m: int, n: int) -> list[bytes]:
    return merkle.hash_ranges(merkle.inclusion_ranges(m, n), NODES)


def consistency_of(m: int, n: int) -> list[bytes]:
    return merkle.hash_ranges(merkle.consistency_ranges(m, n), NODES)


def test_the_root_matches_the_reference_for_every_size_from_0_to_1000():
    compact = merkle.CompactRange(0, [])
    for size in range(MAX + 1):
        assert compact.root() == mth(0, size), size
        assert merkle.hash_ranges([(0, size)], NODES)[0] == mth(0, size), size
        if size < MAX:
            compact.append(merkle.leaf_hash(LEAVES[size]))


def test_inclusion_proofs_match_the_reference_at_the_edges_of_every_size():
    for size in range(1, MAX + 1):
        for index in {0, size // 2, size - 1}:
            proof = proof_of(index, size)
            assert proof == path(index, 0, size), (index, size)
            leaf = merkle.leaf_hash(LEAVES[index])
            assert merkle.root_from_inclusion(index, size, leaf, proof) == mth(0, size)


def test_consistency_proofs_match_the_reference_at_the_edges_of_every_size():
    for size in range(1, MAX + 1):
        for first in {1, size // 2 or 1, size - 1 or 1, size}:
            proof = consistency_of(first, size)
            expected = [] if first == size else subproof(first, 0, size, True)
            assert proof == expected, (first, size)
            assert merkle.verify_consistency(first, size, mth(0, first), mth(0, size), proof)


sizes = st.integers(min_value=1, max_value=MAX)


@settings(max_examples=400, deadline=None)
@given(data=st.data(), size=sizes)
def test_inclusion_proofs_match_the_reference(data, size):
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    proof = proof_of(index, size)
    assert proof == path(index, 0, size)
    leaf = merkle.leaf_hash(LEAVES[index])
    assert merkle.root_from_inclusion(index, size, leaf, proof) == mth(0, size)
    if proof:
        # A proof for another leaf, or a shortened proof, does not lead to the root.
        other = merkle.leaf_hash(b"not a leaf")
        assert merkle.root_from_inclusion(index, size, other, proof) != mth(0, size)


@settings(max_examples=400, deadline=None)
@given(data=st.data(), size=sizes)
def test_consistency_proofs_match_the_reference(data, size):
    first = data.draw(st.integers(min_value=1, max_value=size))
    proof = consistency_of(first, size)
    assert proof == ([] if first == size else subproof(first, 0, size, True))
    assert merkle.verify_consistency(first, size, mth(0, first), mth(0, size), proof)
    if first < size:
        assert not merkle.verify_consistency(first, size, mth(0, first), mth(1, size), proof)
        assert not merkle.verify_consistency(first, size, mth(1, first), mth(0, size), proof)
