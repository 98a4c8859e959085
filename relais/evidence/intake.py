"""The streaming path every upload takes: count, hash, sniff, seal, store, chunk by chunk.

`Intake.feed` is called with each piece as it arrives (by the upload handler, or by the bench);
nothing is ever held whole in memory. A refusal raises `Refused` with the HTTP status and a
sentence for the person; `abort` removes every trace. `finish` returns a `SealedBlob` still
marked pending: services.seal_evidence checks its content and commits it, or discards it.
"""

from __future__ import annotations

import hashlib
import io
import os
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.files.storage import Storage
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from relais.evidence import crypto
from relais.evidence.sniff import SNIFF_BYTES, Kind, Sniffed, TextChecker, sniff
from relais.evidence.storage import (
    BlobWriter,
    original_name,
    publish,
    remove,
    vault_storage,
    write_marker,
    written_name,
)


class Refused(Exception):
    """An upload we will not keep; `status` is 413, 415 or 422 (400 when it was cut off)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def too_big(limit: int) -> Refused:
    megabytes = number_format(limit / (1024 * 1024), decimal_pos=0, force_grouping=True)
    return Refused(
        413,
        _("This file is too large: a file can be up to %(size)s MB. Nothing was kept.")
        % {"size": megabytes},
    )


def not_allowed() -> Refused:
    return Refused(
        415,
        _(
            "This kind of file is not accepted. Send a photo, a screenshot, a PDF, a video, "
            "a sound recording, a text file or a chat export (zip). Nothing was kept."
        ),
    )


def interrupted() -> Refused:
    return Refused(400, _("The file did not arrive whole, so nothing was kept. Send it again."))


@dataclass
class SealedBlob:
    """A blob written to storage, not yet an item: the marker still names it, and on local disk
    its bytes (and its copies') are under their temporary names until `publish`."""

    item_id: uuid.UUID
    storage: Storage
    name: str
    marker: str
    size: int
    sha256: str
    sniffed: Sniffed
    data_key: bytes
    key_id: str
    wrapped_key: bytes
    chunk_size: int
    display_name: str = ""
    extra_blobs: list[str] = field(default_factory=list)
    claimed: bool = False

    def reader(self) -> io.BufferedReader:
        raw = crypto.SealedReader(
            self.storage.open(written_name(self.storage, self.name), "rb"),
            size=self.size,
            blob_id=self.item_id,
            data_key=self.data_key,
        )
        return io.BufferedReader(raw, buffer_size=64 * 1024)

    def publish(self) -> None:
        """Give the blob and its copies their final names (their rows have committed), then
        drop the marker: from here on the upload is whole."""
        for name in [self.name, *self.extra_blobs]:
            publish(self.storage, name)
        self.storage.delete(self.marker)

    def discard(self) -> None:
        """Remove the blob, any copies made from it, and the marker (unless committed)."""
        if self.claimed:
            return
        for name in [self.name, *self.extra_blobs]:
            remove(self.storage, name)
        self.storage.delete(self.marker)
        self.claimed = True


class Intake:
    """One upload in progress. Nothing reaches storage before the type is known to be allowed."""

    def __init__(
        self,
        *,
        max_bytes: int,
        storage: Storage | None = None,
        item_id: uuid.UUID | None = None,
        chunk_size: int = crypto.CHUNK_SIZE,
    ) -> None:
        self.max_bytes = max_bytes
        self.storage = storage or vault_storage()
        self.item_id = item_id or uuid.uuid4()
        self.size = 0
        self._sha = hashlib.sha256()
        self._data_key = os.urandom(32)
        self._sealer = crypto.Sealer(
            blob_id=self.item_id, data_key=self._data_key, chunk_size=chunk_size
        )
        self._head: bytearray | None = bytearray()
        self._text: TextChecker | None = None
        self.sniffed: Sniffed | None = None
        self._writer: BlobWriter | None = None
        self._marker = ""

    def _start(self, head: bytes, *, complete: bool) -> None:
        found = sniff(head, complete=complete)
        if found is None:
            raise not_allowed()
        self.sniffed = found
        if found.kind == Kind.TEXT:
            self._text = TextChecker()
        self._marker = write_marker(self.storage, self.item_id)
        self._writer = BlobWriter(self.storage, original_name(self.item_id))
        self._writer.write(self._sealer.header)

    def _seal(self, data: bytes, *, final: bool = False) -> None:
        assert self._writer is not None
        if self._text is not None and not self._text.feed(data, final=final):
            raise not_allowed()
        for block in self._sealer.update(data):
            self._writer.write(block)

    def feed(self, data: bytes) -> None:
        """Take the next piece of the file. Raises Refused (and cleans up) when refused."""
        try:
            self._feed(data)
        except BaseException:
            self.abort()
            raise

    def _feed(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.max_bytes:
            raise too_big(self.max_bytes)
        self._sha.update(data)
        if self._head is not None:
            self._head += data
            if len(self._head) < SNIFF_BYTES:
                return
            data, self._head = bytes(self._head), None
            self._start(data, complete=False)
        self._seal(data)

    def finish(self, *, display_name: str = "") -> SealedBlob:
        try:
            return self._finish(display_name)
        except BaseException:
            self.abort()
            raise

    def _finish(self, display_name: str) -> SealedBlob:
        if self._head is not None:
            head, self._head = bytes(self._head), None
            if not head:
                raise Refused(422, _("This file is empty. Nothing was kept."))
            self._start(head, complete=True)
            self._seal(head)
        assert self._writer is not None and self.sniffed is not None
        if self._text is not None and not self._text.feed(b"", final=True):
            raise not_allowed()
        self._writer.write(self._sealer.finish())
        self._writer.close()
        key_id, wrapped = crypto.wrap_key(self._data_key, blob_id=self.item_id)
        return SealedBlob(
            item_id=self.item_id,
            storage=self.storage,
            name=self._writer.name,
            marker=self._marker,
            size=self.size,
            sha256=self._sha.hexdigest(),
            sniffed=self.sniffed,
            data_key=self._data_key,
            key_id=key_id,
            wrapped_key=wrapped,
            chunk_size=self._sealer.chunk_size,
            display_name=display_name,
        )

    def abort(self) -> None:
        """Give up: delete the partial blob and the marker. Safe to call more than once."""
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.abort()
        if self._marker:
            self.storage.delete(self._marker)
            self._marker = ""


class SealingSink(io.RawIOBase):
    """A writable file that seals what is written to a new blob under its own data key (the
    working copies: Pillow writes a stripped image straight into it).

    `seal()` publishes the blob under its final name unless `publish=False`: the vault's copies
    are published with their item, once its row has committed (SealedBlob.publish)."""

    def __init__(
        self, *, storage: Storage, name: str, blob_id: uuid.UUID, publish: bool = True
    ) -> None:
        super().__init__()
        self.name = name
        self.storage = storage
        self._publish_on_seal = publish
        self.blob_id = blob_id
        self._data_key = os.urandom(32)
        self._sealer = crypto.Sealer(blob_id=blob_id, data_key=self._data_key)
        self._sha = hashlib.sha256()
        self.size = 0
        self._writer = BlobWriter(storage, name)
        self._writer.write(self._sealer.header)

    def writable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.size

    def write(self, data: Any) -> int:
        data = bytes(data)
        self.size += len(data)
        self._sha.update(data)
        for block in self._sealer.update(data):
            self._writer.write(block)
        return len(data)

    def seal(self) -> SealedCopy:
        self._writer.write(self._sealer.finish())
        self._writer.close()
        if self._publish_on_seal:
            publish(self.storage, self.name)
        key_id, wrapped = crypto.wrap_key(self._data_key, blob_id=self.blob_id)
        return SealedCopy(
            blob_id=self.blob_id,
            name=self.name,
            size=self.size,
            sha256=self._sha.hexdigest(),
            key_id=key_id,
            wrapped_key=wrapped,
            chunk_size=self._sealer.chunk_size,
        )

    def abort(self) -> None:
        self._writer.abort()


@dataclass(frozen=True)
class SealedCopy:
    blob_id: uuid.UUID
    name: str
    size: int
    sha256: str
    key_id: str
    wrapped_key: bytes
    chunk_size: int
