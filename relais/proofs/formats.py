"""The byte strings that are hashed and signed, spelled out once (docs/proofs.md repeats them).

Everything here is plain ASCII with single spaces, so that anyone can rebuild the bytes with
``printf`` and check them with ``sha256sum`` and ``openssl``:

- leaf bytes:      ``relais-entry/v1 <kind> <digest> <recorded_at>``
- tree head bytes: ``relais-tree-head/v1 <tree_size> <root_hash> <timestamp>``
- promise bytes:   ``relais-promise/v1 <leaf_hash> <merge_by>``

with no trailing newline; hashes are lowercase hex, times are UTC ``YYYY-MM-DDTHH:MM:SS.mmmZ``.
No Django here: ``relais verify`` and the standalone verifier import this module.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from typing import Any

ENTRY_PREFIX = "relais-entry/v1"
TREE_HEAD_PREFIX = "relais-tree-head/v1"
PROMISE_PREFIX = "relais-promise/v1"

KIND_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
HEX64_RE = re.compile(r"^[0-9a-f]{64}$")
TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


def format_time(moment: datetime) -> str:
    """UTC, millisecond precision: the one spelling of a time in leaves and tree heads."""
    # isoformat truncates to the millisecond, as the spelling does, in under half the time of
    # strftime (four calls in each new alert); only its "+00:00" differs from the spelling.
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")[:-6] + "Z"


def truncate_time(moment: datetime) -> datetime:
    """Drop what format_time does not keep, so that the stored time and its spelling agree."""
    return moment.astimezone(UTC).replace(microsecond=moment.microsecond // 1000 * 1000)


def parse_time(text: str) -> datetime:
    if not TIME_RE.fullmatch(text):
        raise ValueError(f"not a UTC time of the form YYYY-MM-DDTHH:MM:SS.mmmZ: {text!r}")
    # The pattern fixed the shape; fromisoformat is ten times faster than strptime, and this
    # runs twice in every signed alert.
    return datetime.fromisoformat(text[:-1]).replace(tzinfo=UTC)


def entry_bytes(kind: str, digest: str, recorded_at: str) -> bytes:
    if not KIND_RE.match(kind):
        raise ValueError(f"not an entry kind: {kind!r}")
    if not HEX64_RE.match(digest):
        raise ValueError("the digest is not 64 lowercase hexadecimal digits")
    parse_time(recorded_at)
    return f"{ENTRY_PREFIX} {kind} {digest} {recorded_at}".encode("ascii")


def tree_head_bytes(tree_size: int, root_hash: str, timestamp: str) -> bytes:
    if tree_size < 0:
        raise ValueError("negative tree size")
    if not HEX64_RE.match(root_hash):
        raise ValueError("the root hash is not 64 lowercase hexadecimal digits")
    parse_time(timestamp)
    return f"{TREE_HEAD_PREFIX} {tree_size} {root_hash} {timestamp}".encode("ascii")


def promise_bytes(leaf_hash: str, merge_by: str) -> bytes:
    """What a PROMISE's signature covers: the entry's leaf hash (which covers its kind, digest
    and time) and the time by which the log promises to hold it in a signed tree head."""
    if not HEX64_RE.match(leaf_hash):
        raise ValueError("the leaf hash is not 64 lowercase hexadecimal digits")
    parse_time(merge_by)
    return f"{PROMISE_PREFIX} {leaf_hash} {merge_by}".encode("ascii")


def event_bytes(payload: dict[str, Any] | bytes) -> bytes:
    """An event's canonical bytes: raw bytes as given, a dict as sorted, compact UTF-8 JSON."""
    if isinstance(payload, bytes):
        return payload
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode("utf-8")


def event_digest(salt: bytes, payload: dict[str, Any] | bytes) -> str:
    """SHA-256(salt || event bytes): without the salt, nobody can test a guess of the content."""
    return hashlib.sha256(salt + event_bytes(payload)).hexdigest()


def key_id(raw_public_key: bytes) -> str:
    """First 16 hex digits of SHA-256 of the raw 32-byte Ed25519 public key."""
    return hashlib.sha256(raw_public_key).hexdigest()[:16]
