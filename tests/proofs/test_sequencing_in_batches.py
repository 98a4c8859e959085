"""The sequencer folds entries in batches into the same tree as one at a time, signs a head only
when there is something new, and keeps every earlier head consistent with the later ones."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives.serialization import load_pem_public_key

from relais.proofs import merkle
from relais.proofs.formats import format_time, tree_head_bytes
from relais.proofs.models import ProofEntry, TreeHead
from relais.proofs.services import (
    append,
    consistency_proof,
    inclusion_proof,
    root_at,
    sequence_and_sign,
)


def _append(count: int) -> None:
    for number in range(count):
        append(kind="alert.received", payload={"n": number})


def _leaves() -> list[bytes]:
    return [
        bytes(h)
        for h in ProofEntry.objects.order_by("leaf_index").values_list("leaf_hash", flat=True)
    ]


def test_batches_of_any_size_build_the_same_tree_as_one_leaf_at_a_time(db):
    _append(53)
    sequence_and_sign(batch=7)
    leaves = _leaves()
    expected = merkle.CompactRange(0, [])
    for leaf in leaves:
        expected.append(leaf)
    head = TreeHead.objects.get(tree_size=53)
    assert head.root_hash == expected.root().hex() == root_at(53).hex()
    for index in (0, 17, 52):
        proof = inclusion_proof(index, 53)
        assert merkle.root_from_inclusion(index, 53, leaves[index], proof) == expected.root()


def test_leaf_indexes_follow_the_order_of_appending(db):
    _append(12)
    sequence_and_sign(batch=5)
    ids = list(ProofEntry.objects.order_by("id").values_list("leaf_index", flat=True))
    assert ids == list(range(12))


def test_a_head_is_signed_only_when_there_are_new_entries(db):
    assert sequence_and_sign() is not None  # the empty log gets its first head
    assert sequence_and_sign() is None
    _append(3)
    head = sequence_and_sign()
    assert head is not None and head.tree_size == 3
    assert sequence_and_sign() is None
    assert list(TreeHead.objects.order_by("tree_size").values_list("tree_size", flat=True)) == [
        0,
        3,
    ]


def test_every_head_is_signed_over_its_canonical_bytes(db):
    _append(4)
    head = sequence_and_sign()
    key = load_pem_public_key(head.public_key.encode())
    tbs = tree_head_bytes(head.tree_size, head.root_hash, format_time(head.timestamp))
    assert tbs.startswith(b"relais-tree-head/v1 4 ")
    key.verify(base64.b64decode(head.signature), tbs)  # raises when wrong


def test_a_consistency_proof_between_two_tree_heads_verifies(db):
    _append(6)
    first = sequence_and_sign()
    _append(11)
    second = sequence_and_sign()
    proof = consistency_proof(first.tree_size, second.tree_size)
    assert merkle.verify_consistency(
        first.tree_size,
        second.tree_size,
        bytes.fromhex(first.root_hash),
        bytes.fromhex(second.root_hash),
        proof,
    )
    assert not merkle.verify_consistency(
        first.tree_size,
        second.tree_size,
        bytes.fromhex(second.root_hash),
        bytes.fromhex(second.root_hash),
        proof,
    )
