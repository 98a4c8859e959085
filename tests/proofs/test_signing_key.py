"""The installation's Ed25519 key: given in the environment, or created once, owner-only."""

from __future__ import annotations

import hashlib
import stat

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from relais.proofs import signing


def test_a_key_is_created_once_readable_by_the_owner_only(settings, tmp_path, monkeypatch):
    monkeypatch.delenv("RELAIS_SIGNING_KEY", raising=False)
    monkeypatch.delenv("RELAIS_SIGNING_KEY_FILE", raising=False)
    settings.DATA_DIR = tmp_path
    signing.private_key.cache_clear()
    try:
        first = signing.public_pem()
        path = tmp_path / "secrets" / "relais_signing_key.pem"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        signing.private_key.cache_clear()
        assert signing.public_pem() == first
    finally:
        signing.private_key.cache_clear()


def test_a_key_given_in_the_environment_is_used_and_identified(settings, tmp_path, monkeypatch):
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    monkeypatch.setenv("RELAIS_SIGNING_KEY", pem)
    settings.DATA_DIR = tmp_path
    signing.private_key.cache_clear()
    try:
        raw = key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        assert signing.key_id() == hashlib.sha256(raw).hexdigest()[:16]
        assert not (tmp_path / "secrets").exists()
    finally:
        signing.private_key.cache_clear()
