"""The public proof endpoints of api.md: tree head, consistency, public key."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from ninja import NinjaAPI
from ninja.testing import TestClient

from relais.api import errors
from relais.proofs import merkle
from relais.proofs.api import router
from relais.proofs.formats import tree_head_bytes
from relais.proofs.services import append, sequence_and_sign


@pytest.fixture(scope="module")
def client() -> TestClient:
    # The router as the project's API serves it: with its error shape.
    api = NinjaAPI(urls_namespace="proofs-test")
    errors.install(api)
    api.add_router("/", router)
    return TestClient(api)


def _append(count: int) -> None:
    for number in range(count):
        append(kind="alert.received", payload={"n": number})


def test_the_tree_head_is_signed_by_the_published_key(db, client):
    _append(5)
    sequence_and_sign()
    head = client.get("/tree-head").json()
    assert set(head) == {"tree_size", "root_hash", "timestamp", "key_id", "signature"}
    assert head["tree_size"] == 5
    pem = client.get("/public-key")
    assert pem["Content-Type"] == "application/x-pem-file"
    key = load_pem_public_key(pem.content)
    tbs = tree_head_bytes(head["tree_size"], head["root_hash"], head["timestamp"])
    key.verify(base64.b64decode(head["signature"]), tbs)


def test_an_empty_log_still_has_a_signed_tree_head(db, client):
    head = client.get("/tree-head").json()
    assert head["tree_size"] == 0
    assert head["root_hash"] == merkle.EMPTY_ROOT.hex()


def test_the_consistency_endpoint_proves_that_the_log_only_grew(db, client):
    _append(7)
    sequence_and_sign()
    first = client.get("/tree-head").json()
    _append(10)
    sequence_and_sign()
    second = client.get("/tree-head").json()
    answer = client.get("/consistency?first=7&second=17").json()
    assert answer["first"] == 7 and answer["second"] == 17
    assert merkle.verify_consistency(
        7,
        17,
        bytes.fromhex(first["root_hash"]),
        bytes.fromhex(second["root_hash"]),
        [bytes.fromhex(h) for h in answer["proof"]],
    )


def test_consistency_beyond_the_signed_log_is_refused(db, client):
    _append(3)
    sequence_and_sign()
    for query in ("first=2&second=4", "first=3&second=2", "first=-1&second=2"):
        answer = client.get(f"/consistency?{query}")
        assert answer.status_code == 422
        assert set(answer.json()) == {"detail", "errors"}
