"""Reading an export as a stream: a file, bytes, a zip member or the vault's decrypting reader.

An `Opener` returns a fresh binary stream from the start each time it is called, so that a parser
may read a file twice (WhatsApp: once to decide the date order from every date, once to build the
events) while holding one line at a time. A `Head` is what recognising a format looks at (the
name and the first bytes); a `Reading` is what a format's reader is handed.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import IO, Literal

from .base import ExportError, ParseResult
from .text import _

Opener = Callable[[], IO[bytes]]
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
HEAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class Head:
    """A file's name and first bytes (HEAD_BYTES are plenty), and the views of them that
    recognising a format needs, each computed once."""

    name: str
    raw: bytes

    @cached_property
    def lower_name(self) -> str:
        return self.name.lower()

    @cached_property
    def body(self) -> bytes:
        """The bytes after a UTF-8 byte-order mark and leading blanks."""
        return self.raw.lstrip(b"\xef\xbb\xbf \t\r\n")

    @cached_property
    def container(self) -> Literal["zip", "json", "xml", "text"]:
        if self.raw.startswith(ZIP_MAGIC):
            return "zip"
        if self.body.startswith(b"{"):
            return "json"
        if self.body.startswith(b"<"):
            return "xml"
        return "text"

    @cached_property
    def text(self) -> str:
        """The first bytes as text (UTF-16 with its byte-order mark, else UTF-8), bad bytes
        dropped."""
        if self.raw.startswith(_UTF16_BOMS):
            return self.raw.decode("utf-16", errors="ignore")
        return self.body.decode("utf-8", errors="ignore")


@dataclass(frozen=True)
class Reading:
    """A file handed to its format's reader: as it was given (bytes, a path or an Opener), how
    to open it again from the start, its head, and the caller's choices for the dates."""

    data: bytes | str | os.PathLike[str] | Opener
    opener: Opener
    head: Head
    day_first: bool | None
    tz: str | None


class ChunkReader(io.RawIOBase):
    """A readable raw stream over an iterator of byte chunks (the vault's decrypting reader)."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        super().__init__()
        self._chunks = iter(chunks)
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._pending = memoryview(chunk)
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]  # a view: the chunk is not copied
        return size

    def close(self) -> None:
        self._pending = memoryview(b"")
        close = getattr(self._chunks, "close", None)
        if close is not None:  # a generator: let it close the blob it reads
            close()
        super().close()


def chunk_opener(open_chunks: Callable[[], Iterable[bytes]]) -> Opener:
    """An Opener over a function that returns the chunks of a file from its start."""
    return lambda: io.BufferedReader(ChunkReader(open_chunks()), buffer_size=256 * 1024)


def read_limited(handle: IO[bytes], limit: int) -> bytes:
    """The whole stream, refused past `limit` bytes (for formats that are parsed whole)."""
    data = handle.read(limit + 1)
    if len(data) > limit:
        raise ExportError(_("The file is too large."))
    return data


class LimitedReader(io.RawIOBase):
    """A stream that refuses to give more than `limit` bytes (for SAX, which reads by itself)."""

    def __init__(self, handle: IO[bytes], limit: int) -> None:
        super().__init__()
        self._handle = handle
        self._left = limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._handle.read(len(buffer))
        self._left -= len(data)
        if self._left < 0:
            raise ExportError(_("The file is too large."))
        buffer[: len(data)] = data
        return len(data)


def text_lines(
    opener: Opener, result: ParseResult, *, limit: int, report: bool = True
) -> Iterator[str]:
    """The lines of a text export without their line ends, decoded as they are read.

    UTF-16 with a byte-order mark, else UTF-8 (with or without BOM): invalid bytes are replaced
    and, when `report`, said once. Past `limit` bytes the file is refused.
    """
    with opener() as probe:
        utf16 = probe.read(2) in _UTF16_BOMS
    with opener() as handle:
        if utf16:
            yield from _utf16_lines(handle, limit)
            return
        size, warned = 0, not report
        for number, raw in enumerate(handle):
            size += len(raw)
            if size > limit:
                raise ExportError(_("The file is too large."))
            if number == 0 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                line = raw.decode("utf-8", errors="replace")
                if not warned:
                    warned = True
                    result.problem(
                        None,
                        _("The file is not valid UTF-8; unreadable characters were replaced."),
                    )
            yield _strip_end(line)


def _utf16_lines(handle: IO[bytes], limit: int) -> Iterator[str]:
    text = io.TextIOWrapper(handle, encoding="utf-16", errors="replace", newline="\n")
    size = 0
    for line in text:
        size += 2 * len(line)
        if size > limit:
            raise ExportError(_("The file is too large."))
        yield _strip_end(line)


def _strip_end(line: str) -> str:
    if line.endswith("\n"):
        line = line[:-1]
        if line.endswith("\r"):
            line = line[:-1]
    return line
