"""The vault's sealed-blob format: AES-256-GCM in chunks, a data key per blob (docs/evidence.md).

A blob is a 20-byte header (magic, chunk size, 8-byte random nonce prefix) followed by the
chunks, each `AESGCM(data_key).encrypt(prefix || index, plaintext, aad)` where the associated data
binds the header, the blob's id, the chunk index and whether it is the last chunk: chunks cannot
be swapped between blobs, reordered, dropped or cut off without decryption failing. Every blob
has at least one chunk (an empty file is one empty final chunk).

The data key is wrapped by the installation key (RELAIS_VAULT_KEY) with AES-256-GCM; the key id
kept beside it tells which installation key to use, so that `relais rotate_vault_key` can re-wrap
data keys without touching blobs.
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
import uuid
from collections.abc import Iterator
from typing import IO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

MAGIC = b"RLVAULT1"
HEADER = struct.Struct("!8sI8s")  # magic, chunk size, nonce prefix
TAG = 16
CHUNK_SIZE = 1024 * 1024
_AAD = b"relais-vault-chunk-v1"
_WRAP_AAD = b"relais-vault-key-v1"


class SealBroken(Exception):
    """A sealed blob failed authentication: damaged, altered, truncated or the wrong key."""


class UnknownKey(Exception):
    """A data key was wrapped by an installation key that is not configured any more."""


# --- Installation keys ----------------------------------------------------------------------


def _parse_key(text: str) -> bytes:
    key = bytes.fromhex(text.strip())
    if len(key) != 32:
        raise ValueError("a vault key is 64 hexadecimal characters (256 bits)")
    return key


def key_id_of(key: bytes) -> str:
    return hashlib.sha256(b"relais-vault-key-id" + key).hexdigest()[:16]


def keyring() -> tuple[str, dict[str, bytes]]:
    """(current key id, every usable key by id): RELAIS_VAULT_KEY, then RELAIS_VAULT_OLD_KEYS."""
    current = _parse_key(settings.VAULT_KEY)
    keys = {key_id_of(current): current}
    for text in settings.VAULT_OLD_KEYS:
        old = _parse_key(text)
        keys.setdefault(key_id_of(old), old)
    return key_id_of(current), keys


def wrap_key(data_key: bytes, *, blob_id: uuid.UUID) -> tuple[str, bytes]:
    """Wrap a data key with the current installation key: (key id, nonce || ciphertext)."""
    current, keys = keyring()
    nonce = os.urandom(12)
    sealed = AESGCM(keys[current]).encrypt(nonce, data_key, _WRAP_AAD + blob_id.bytes)
    return current, nonce + sealed


def unwrap_key(wrapped: bytes, *, key_id: str, blob_id: uuid.UUID) -> bytes:
    _current, keys = keyring()
    key = keys.get(key_id)
    if key is None:
        raise UnknownKey(f"vault key {key_id} is not configured (RELAIS_VAULT_OLD_KEYS?)")
    wrapped = bytes(wrapped)
    try:
        return AESGCM(key).decrypt(wrapped[:12], wrapped[12:], _WRAP_AAD + blob_id.bytes)
    except InvalidTag:
        raise SealBroken("the data key does not open with its installation key") from None


# --- Sealing --------------------------------------------------------------------------------


def _aad(header: bytes, blob_id: uuid.UUID, index: int, final: bool) -> bytes:
    return b"".join((_AAD, header, blob_id.bytes, struct.pack("!IB", index, final)))


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + struct.pack("!I", index)


class Sealer:
    """Encrypts a stream pushed in pieces of any size; returns ciphertext to append, in order.

    A full chunk is held back until more data arrives, because only then is it known not to be
    the last one: memory stays at one chunk plus the piece being pushed.
    """

    def __init__(
        self, *, blob_id: uuid.UUID, data_key: bytes, chunk_size: int = CHUNK_SIZE
    ) -> None:
        self.blob_id = blob_id
        self.chunk_size = chunk_size
        self._aead = AESGCM(data_key)
        self._prefix = os.urandom(8)
        self.header = HEADER.pack(MAGIC, chunk_size, self._prefix)
        self._buffer = bytearray()
        self._index = 0

    def _seal(self, chunk: bytes | memoryview, final: bool) -> bytes:
        aad = _aad(self.header, self.blob_id, self._index, final)
        sealed = self._aead.encrypt(_nonce(self._prefix, self._index), chunk, aad)
        self._index += 1
        return sealed

    def update(self, data: bytes) -> list[bytes]:
        self._buffer += data
        size = self.chunk_size
        if len(self._buffer) <= size:
            return []
        out = []
        view = memoryview(self._buffer)
        start = 0
        while len(self._buffer) - start > size:
            out.append(self._seal(view[start : start + size], final=False))
            start += size
        view.release()
        del self._buffer[:start]
        return out

    def finish(self) -> bytes:
        sealed = self._seal(bytes(self._buffer), final=True)
        self._buffer = bytearray()
        return sealed


def seal_bytes(data: bytes, *, blob_id: uuid.UUID, data_key: bytes) -> bytes:
    """A whole small blob at once (sealed metadata)."""
    sealer = Sealer(blob_id=blob_id, data_key=data_key)
    return b"".join([sealer.header, *sealer.update(data), sealer.finish()])


def open_bytes(blob: bytes, *, blob_id: uuid.UUID, data_key: bytes) -> bytes:
    return b"".join(open_stream(io.BytesIO(bytes(blob)), blob_id=blob_id, data_key=data_key))


# --- Opening --------------------------------------------------------------------------------


def _read_header(handle: IO[bytes]) -> tuple[bytes, int, bytes]:
    header = handle.read(HEADER.size)
    if len(header) != HEADER.size:
        raise SealBroken("the sealed file is too short to have a header")
    magic, chunk_size, prefix = HEADER.unpack(header)
    if magic != MAGIC or not 0 < chunk_size <= 64 * 1024 * 1024:
        raise SealBroken("this is not a sealed vault file")
    return header, chunk_size, prefix


def _read_exactly(handle: IO[bytes], size: int) -> bytes:
    parts = []
    while size > 0:
        part = handle.read(size)
        if not part:
            break
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def open_stream(handle: IO[bytes], *, blob_id: uuid.UUID, data_key: bytes) -> Iterator[bytes]:
    """Decrypt a sealed blob read sequentially from `handle`, one chunk at a time.

    Raises SealBroken at the first chunk that fails, naming it: nothing after a bad chunk is
    returned, and a blob cut at a chunk boundary fails on its last (non-final) chunk.
    """
    header, chunk_size, prefix = _read_header(handle)
    aead = AESGCM(data_key)
    block = chunk_size + TAG
    current = _read_exactly(handle, block)
    index = 0
    while True:
        following = _read_exactly(handle, block) if len(current) == block else b""
        final = not following
        try:
            yield aead.decrypt(_nonce(prefix, index), current, _aad(header, blob_id, index, final))
        except InvalidTag:
            raise SealBroken(f"chunk {index} of the sealed file failed authentication") from None
        if final:
            return
        current, index = following, index + 1


class SealedReader(io.RawIOBase):
    """A seekable, read-only view of a blob's plaintext (for Pillow and zipfile), holding one
    decrypted chunk at a time. `handle` must be seekable; `size` is the plaintext size."""

    def __init__(self, handle: IO[bytes], *, size: int, blob_id: uuid.UUID, data_key: bytes):
        super().__init__()
        self._handle = handle
        self._header, self._chunk_size, self._prefix = _read_header(handle)
        self._aead = AESGCM(data_key)
        self._blob_id = blob_id
        self._size = size
        self._chunks = max(1, -(-size // self._chunk_size))
        self._pos = 0
        self._cached: tuple[int, bytes] | None = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def _chunk(self, index: int) -> bytes:
        if self._cached and self._cached[0] == index:
            return self._cached[1]
        block = self._chunk_size + TAG
        self._handle.seek(HEADER.size + index * block)
        data = _read_exactly(self._handle, block)
        final = index == self._chunks - 1
        try:
            plain = self._aead.decrypt(
                _nonce(self._prefix, index), data, _aad(self._header, self._blob_id, index, final)
            )
        except InvalidTag:
            raise SealBroken(f"chunk {index} of the sealed file failed authentication") from None
        self._cached = (index, plain)
        return plain

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._pos >= self._size:
            return 0
        index, offset = divmod(self._pos, self._chunk_size)
        piece = self._chunk(index)[offset : offset + len(buffer)]
        buffer[: len(piece)] = piece
        self._pos += len(piece)
        return len(piece)

    def close(self) -> None:
        self._cached = None
        self._handle.close()
        super().close()
