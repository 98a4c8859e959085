"""The installation's Ed25519 signing key.

Given as PEM in RELAIS_SIGNING_KEY (or a file named by RELAIS_SIGNING_KEY_FILE); otherwise created
on first use under DATA_DIR/secrets/relais_signing_key.pem, readable by the owner only, and kept
from one start to the next. Losing it does not invalidate old receipts (they carry the public key),
but a new key starts a new identity: keep it in the backups.
"""

from __future__ import annotations

import base64
import os
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from relais.lib.env import env
from relais.proofs.formats import key_id as compute_key_id


def _key_path() -> Path:
    return Path(settings.DATA_DIR) / "secrets" / "relais_signing_key.pem"


def _load_or_create_pem() -> bytes:
    given = env("RELAIS_SIGNING_KEY", "")
    if given:
        return given.encode("ascii")
    path = _key_path()
    if path.exists():
        return path.read_bytes()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # O_EXCL: when two processes start at once, one key wins and both read it back.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes()
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return pem


@lru_cache(maxsize=1)
def private_key() -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(_load_or_create_pem(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("RELAIS_SIGNING_KEY must be an Ed25519 private key (PEM, PKCS#8)")
    return key


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


def public_pem() -> str:
    return public_key_pem(public_key())


def public_key_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def key_id() -> str:
    return identity()[0]


def identity() -> tuple[str, str]:
    """(key id, public key PEM) of the current key: every tree head carries both."""
    return _identity_of(private_key())


@lru_cache(maxsize=4)  # keyed on the key object, so a reloaded key gets its own entry
def _identity_of(key: Ed25519PrivateKey) -> tuple[str, str]:
    public = key.public_key()
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return compute_key_id(raw), public_key_pem(public)


def sign(data: bytes) -> str:
    """Ed25519 signature of data, base64 (standard alphabet, padded)."""
    return base64.b64encode(private_key().sign(data)).decode("ascii")
