"""Where sealed blobs live: Django's storage API, alias "evidence" (local disk or S3).

Names: `vault/<item id>/original` for the sealed original, `copies/<item id>/<kind>` for working
copies, and `pending/<UTC time>_<item id>` for an upload under way: a tiny marker written before
the first byte of a blob and removed once the item is committed (or the upload given up). A marker
left behind says a process died mid-upload; `relais purge_pending_uploads` removes what it names.

On local disk a blob is written under a temporary name in its own folder (`original.part`),
flushed to disk, and renamed to its final name only once its row has committed (`publish`), so a
final name never holds half a file, whatever kills the process. Object stores (S3) show an
object only once it is whole, so there the blob is written in place: no copy of the object.

Storage's `save` pulls from a file object while an upload pushes chunks, so BlobWriter runs
`save` in a thread fed through a small bounded queue: memory stays at a few chunks whatever the
size, on disk and on S3 (multipart) alike.
"""

from __future__ import annotations

import contextlib
import io
import os
import queue
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage, storages

PENDING = "pending/"
PART = ".part"  # the suffix of a blob written on local disk and not published yet
_STAMP = "%Y%m%dT%H%M%S"
_QUEUE_BLOCKS = 4
_DONE = object()


def vault_storage() -> Storage:
    return storages["evidence"]


def original_name(item_id: uuid.UUID) -> str:
    return f"vault/{item_id}/original"


def copy_name(item_id: uuid.UUID, kind: str) -> str:
    return f"copies/{item_id}/{kind}"


COPY_KINDS = ("stripped", "thumbnail")


def every_blob_of(item_id: uuid.UUID) -> list[str]:
    return [original_name(item_id), *(copy_name(item_id, kind) for kind in COPY_KINDS)]


def local_path(storage: Storage, name: str) -> Path | None:
    """The file behind `name` when the storage is a local folder; None for an object store."""
    try:
        return Path(storage.path(name))
    except NotImplementedError:
        return None


def written_name(storage: Storage, name: str) -> str:
    """Where a blob's bytes are until it is published: `<name>.part` on disk, `name` on S3."""
    return name + PART if local_path(storage, name) is not None else name


def _sync(path: Path) -> None:
    """Flush a file (or a folder, after a rename in it) to the disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def publish(storage: Storage, name: str) -> None:
    """Give a written blob its final name, once its row has committed. Idempotent: a blob
    published already (by another process, or before a crash) is left as it is."""
    path = local_path(storage, name)
    if path is None:
        return
    try:
        os.replace(path.with_name(path.name + PART), path)
    except FileNotFoundError:
        if not path.exists():
            raise
        return
    _sync(path.parent)


def open_committed(storage: Storage, name: str) -> IO[bytes]:
    """Open the blob of a committed row. A process stopped between the commit and the rename
    left it under its temporary name: the rename is completed here."""
    try:
        return storage.open(name, "rb")
    except FileNotFoundError:
        publish(storage, name)
        return storage.open(name, "rb")


def remove(storage: Storage, name: str) -> None:
    """Delete a blob whatever its state (written, published), and its folder once empty.

    Only a blob's own folder (`vault/<id>/`, `copies/<id>/`, `documents/<id>/`) is removed,
    never a shared one such as `vault/`, which another upload may be creating a folder in."""
    storage.delete(name)
    path = local_path(storage, name)
    if path is None:
        return
    storage.delete(name + PART)
    if name.count("/") >= 2:
        with contextlib.suppress(OSError):  # not empty: another blob of the item is there
            path.parent.rmdir()


def marker_name(item_id: uuid.UUID, at: datetime | None = None) -> str:
    return f"{PENDING}{(at or datetime.now(UTC)).strftime(_STAMP)}_{item_id}"


def parse_marker(name: str) -> tuple[datetime, uuid.UUID] | None:
    stamp, _sep, item = name.rpartition("/")[2].partition("_")
    try:
        return datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC), uuid.UUID(item)
    except ValueError:
        return None


def write_marker(storage: Storage, item_id: uuid.UUID) -> str:
    name = marker_name(item_id)
    storage.save(name, ContentFile(b"", name=name))
    return name


class _Pipe(io.RawIOBase):
    """The reading end handed to storage.save: blocks until the writer pushes or closes."""

    def __init__(self) -> None:
        super().__init__()
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=_QUEUE_BLOCKS)
        self._current = memoryview(b"")
        self._ended = False
        self.name = "sealed"

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def seek(self, *args: Any) -> int:
        raise io.UnsupportedOperation("a sealed stream cannot seek")

    def readinto(self, buffer: Any) -> int:
        while not self._current:
            if self._ended:
                return 0
            item = self.queue.get()
            if item is _DONE:
                self._ended = True
                return 0
            if isinstance(item, BaseException):
                self._ended = True
                raise item
            self._current = memoryview(item)
        count = min(len(buffer), len(self._current))
        buffer[:count] = self._current[:count]
        self._current = self._current[count:]
        return count


class WriteAborted(Exception):
    """Raised inside the storage thread so that a half-written blob is never completed."""


class BlobWriter:
    """Write one blob to storage from pushed pieces, under its temporary name on local disk.
    `close()` returns once it is stored and flushed to disk; `publish(storage, name)` gives it
    its final name; `abort()` stops it and deletes whatever was written."""

    def __init__(self, storage: Storage, name: str) -> None:
        self.storage = storage
        self.name = name
        self.written = written_name(storage, name)
        self._pipe = _Pipe()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="vault-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            stored = self.storage.save(
                self.written, File(io.BufferedReader(self._pipe), name=self.written)
            )
            if stored != self.written:  # Django picked another name: the item id was taken
                self.storage.delete(stored)
                raise FileExistsError(self.written)
        except BaseException as error:
            self._error = error
            # Drain so that a writer blocked on a full queue wakes up and sees the error.
            while True:
                try:
                    self._pipe.queue.get_nowait()
                except queue.Empty:
                    break

    def _put(self, item: Any) -> None:
        while True:
            if self._error is not None:
                raise self._error
            try:
                self._pipe.queue.put(item, timeout=0.5)
                return
            except queue.Full:
                if not self._thread.is_alive():
                    raise self._error or OSError("the storage writer stopped") from None

    def write(self, data: bytes) -> None:
        if data:
            self._put(data)

    def close(self) -> None:
        self._put(_DONE)
        self._thread.join()
        if self._error is not None:
            remove(self.storage, self.name)
            raise self._error
        path = local_path(self.storage, self.written)
        if path is not None:
            _sync(path)  # the bytes are on disk before any row names them

    def abort(self) -> None:
        if self._thread.is_alive():
            # When the thread already failed there is nothing to stop; clean up all the same.
            with contextlib.suppress(BaseException):
                self._put(WriteAborted())
            self._thread.join()
        remove(self.storage, self.name)
