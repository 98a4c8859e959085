"""Reading a WhatsApp .zip export (the chat .txt and its media) without trusting the archive."""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .base import (
    MAX_TEXT_BYTES,
    MAX_ZIP_MEMBERS,
    MAX_ZIP_RATIO,
    MAX_ZIP_TOTAL_BYTES,
    ExportError,
    ParseResult,
)
from .stream import Opener
from .text import _

_ARCHIVE_SUFFIXES = (".zip", ".7z", ".rar", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".jar", ".apk")
_ARCHIVE_MAGIC = (b"PK\x03\x04", b"7z\xbc\xaf", b"Rar!", b"\x1f\x8b")
_CHUNK = 1024 * 1024
_ZIP_ERRORS = (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError, zlib.error)
_DAMAGED = _("The archive is damaged or uses an unsupported compression.")


@contextmanager
def zip_chat(source: bytes | Path, result: ParseResult) -> Iterator[Opener]:
    """Open a WhatsApp zip; yield an Opener of its chat text, streamed out of the archive.

    The other members go to `result.attachments` (their names only without
    `result.keep_attachments`), and `result.known_files` is set to their names. Refused with
    ExportError: a damaged archive, too many members, too much uncompressed data, a member
    compressed more than MAX_ZIP_RATIO times, names that climb out of the archive (absolute,
    '..', drive letters). Skipped with a problem: nested archives, encrypted members, duplicate
    file names.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise ExportError(_("The archive is damaged or is not a zip file.")) from exc
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        _check_members(members)
        chat = _chat_member(members)
        if chat.file_size > MAX_TEXT_BYTES:
            raise ExportError(_("The chat file is too large."))
        readable_chat = True
        total = chat.file_size
        for info in members:
            name = posixpath.basename(info.filename.replace("\\", "/"))
            if info is not chat and _is_archive_name(name):
                result.problem(
                    None, _("A nested archive was not opened: %(name)s") % {"name": name}
                )
                continue
            if info.flag_bits & 0x1:
                result.problem(None, _("An encrypted file was skipped: %(name)s") % {"name": name})
                readable_chat = readable_chat and info is not chat
                continue
            if info is chat:
                continue
            if result.keep_attachments:
                content = _read_member(archive, info, MAX_ZIP_TOTAL_BYTES - total)
                total += len(content)
            else:
                content = _read_member(archive, info, len(_ARCHIVE_MAGIC[0]), head=True)
            if content.startswith(_ARCHIVE_MAGIC):
                result.problem(
                    None, _("A nested archive was not opened: %(name)s") % {"name": name}
                )
            elif name in result.attachments:
                result.problem(None, _("Two files share the name %(name)s") % {"name": name})
            else:
                result.attachments[name] = content if result.keep_attachments else b""
        result.known_files = set(result.attachments)
        if readable_chat:
            yield lambda: io.BufferedReader(_MemberReader(archive, chat))
        else:
            yield lambda: io.BytesIO(b"")


class _MemberReader(io.RawIOBase):
    """The chat member, decompressed as it is read; a damaged member is an ExportError."""

    def __init__(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        super().__init__()
        try:
            self._handle = archive.open(info)
        except _ZIP_ERRORS as exc:
            raise ExportError(_DAMAGED) from exc

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            data = self._handle.read(len(buffer))
        except _ZIP_ERRORS as exc:
            raise ExportError(_DAMAGED) from exc
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        handle = getattr(self, "_handle", None)
        if handle is not None:
            handle.close()
        super().close()


def _check_members(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_ZIP_MEMBERS:
        raise ExportError(_("The archive holds too many files."))
    if sum(info.file_size for info in members) > MAX_ZIP_TOTAL_BYTES:
        raise ExportError(_("The archive is too large once uncompressed."))
    for info in members:
        name = info.filename.replace("\\", "/")
        parts = name.split("/")
        if name.startswith("/") or ".." in parts or ":" in parts[0] or "\x00" in name:
            raise ExportError(_("The archive holds a file with an unsafe name."))
        if info.file_size > 1024 * 1024 and info.file_size > MAX_ZIP_RATIO * max(
            info.compress_size, 1
        ):
            raise ExportError(_("The archive is compressed suspiciously well (a zip bomb?)."))


def _chat_member(members: list[zipfile.ZipInfo]) -> zipfile.ZipInfo:
    """`_chat.txt` (iOS), else the only .txt (Android names it after the chat)."""
    texts = [info for info in members if info.filename.lower().endswith(".txt")]
    for info in texts:
        if posixpath.basename(info.filename) == "_chat.txt":
            return info
    chats = [info for info in texts if "whatsapp" in info.filename.lower()] or texts
    if len(chats) != 1:
        raise ExportError(_("The archive does not hold exactly one chat text file."))
    return chats[0]


def _is_archive_name(name: str) -> bool:
    return name.lower().endswith(_ARCHIVE_SUFFIXES)


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, *, head: bool = False
) -> bytes:
    """Read one member in chunks, never past what is left of the total budget (or only its
    first `budget` bytes when `head`)."""
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as handle:
            if head:
                return handle.read(budget)
            while chunk := handle.read(_CHUNK):
                size += len(chunk)
                if size > budget or size > info.file_size:
                    raise ExportError(_("The archive is too large once uncompressed."))
                chunks.append(chunk)
    except _ZIP_ERRORS as exc:
        raise ExportError(_DAMAGED) from exc
    return b"".join(chunks)
