"""The signing key, its id and its public key are read once per process and kept (signing.py),
so a promise costs one signature. A new key (set, then the process restarted: here the cache
cleared as a restart clears it) is the one that signs from then on, with its own id and public
key, and what the old key signed still verifies."""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from relais.proofs import signing
from relais.proofs.promises import promise_for
from relais.proofs.receipts import receipt_file
from relais.proofs.services import append
from relais.proofs.verify import verify_promise


def _pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def _key_id(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def test_a_new_key_signs_the_next_promises_and_the_old_ones_still_verify(db, monkeypatch):
    old, new = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    monkeypatch.setenv("RELAIS_SIGNING_KEY", _pem(old))
    signing.private_key.cache_clear()
    try:
        before = promise_for(append(kind="alert.received", payload={"n": 1}))
        monkeypatch.setenv("RELAIS_SIGNING_KEY", _pem(new))
        kept = promise_for(append(kind="alert.received", payload={"n": 2}))
        signing.private_key.cache_clear()  # what a restart does
        after = promise_for(append(kind="alert.received", payload={"n": 3}))
    finally:
        signing.private_key.cache_clear()

    assert before["promise"]["key_id"] == _key_id(old)
    assert kept["promise"]["key_id"] == _key_id(old)  # read once per process, not per promise
    assert after["promise"]["key_id"] == _key_id(new)
    assert after["public_key"] == signing.public_key_pem(new.public_key())
    assert before["public_key"] == signing.public_key_pem(old.public_key())
    verify_promise(receipt_file(before))
    verify_promise(receipt_file(kept))
    verify_promise(receipt_file(after))
