"""Content checks once a file is sealed: decompression bombs in images and zips, chat exports.

Both read the plaintext back through crypto.SealedReader (one chunk in memory at a time). They
look only at headers and the zip's central directory: nothing is decompressed in bulk here.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from typing import IO, Any, cast

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from relais.evidence.intake import Refused, not_allowed

_ARCHIVE_MAGIC = (b"PK\x03\x04", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b", b"BZh", b"\xfd7zXZ")
_ARCHIVE_NAMES = re.compile(r"\.(zip|rar|7z|gz|tgz|bz2|xz|tar|jar|apk|ipa)$", re.IGNORECASE)
# A big ratio on a tiny member is harmless (a text of blank lines); bombs are big when inflated.
_RATIO_FLOOR = 1024 * 1024


def _bomb() -> Refused:
    return Refused(
        422,
        _(
            "This file would take far more space once opened than it does now, as harmful "
            "files do, so it was refused. Nothing was kept."
        ),
    )


def _unreadable() -> Refused:
    return Refused(422, _("This file could not be read: it may be damaged. Nothing was kept."))


class _EndWatch:
    """A file that notes when a read asked for bytes and found none: the file ran out.

    Pillow decides whether a cut-off image is an error from a process-wide flag
    (``ImageFile.LOAD_TRUNCATED_IMAGES``) that WeasyPrint turns on when it is imported; with it
    on, a truncated image decodes to grey pixels without a word. Watching the reads says the
    same thing whatever the flag holds, so the check does not depend on what ran before.
    """

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self.ran_out = False

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        if size and not data:
            self.ran_out = True
        return data

    def close(self) -> None:
        """The handle is the caller's, who closes it; closing an image must not."""

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


def open_image(handle: IO[bytes]) -> Image.Image | None:
    """Open an image, refusing pixel bombs and damaged or cut-off files, and decode it once
    (so that a truncated image is refused here, not half-read later); None when Pillow cannot
    read this format (HEIC): such an image is kept sealed, without a stripped copy."""
    opened = _open(handle)
    if opened is None:
        return None
    image, watched = opened
    if image.format == "PNG":
        # Every chunk up to IEND, with its checksum: the frames of an animated PNG that are not
        # decoded here, and damaged data that Pillow's flag would let decode to wrong pixels.
        try:
            image.verify()
        except (OSError, SyntaxError, ValueError, EOFError):
            raise _unreadable() from None
        finally:
            image.close()
        handle.seek(0)
        reopened = _open(handle)
        if reopened is None:
            raise _unreadable()
        image, watched = reopened
    try:
        _check_whole(image, watched)
    except BaseException:
        image.close()
        raise
    return image


def _open(handle: IO[bytes]) -> tuple[Image.Image, _EndWatch] | None:
    watched = _EndWatch(handle)
    try:
        return Image.open(cast(IO[bytes], watched)), watched
    except Image.DecompressionBombError:
        raise _bomb() from None
    except UnidentifiedImageError:
        return None
    except (OSError, SyntaxError, ValueError):
        raise _unreadable() from None


def _check_whole(image: Image.Image, watched: _EndWatch) -> None:
    width, height = image.size
    # Counting frames reads an animated GIF to its end: a cut-off last frame shows there.
    watched.ran_out = False
    try:
        frames = getattr(image, "n_frames", 1)
    except (OSError, SyntaxError, ValueError, EOFError):
        raise _unreadable() from None
    if width * height * max(1, frames) > settings.EVIDENCE_MAX_PIXELS or not width or not height:
        raise _bomb()
    try:
        image.load()
    except Image.DecompressionBombError:
        raise _bomb() from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise _unreadable() from None
    if watched.ran_out:
        raise _unreadable()


def _unsafe_name(name: str) -> bool:
    if "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name) or "\x00" in name:
        return True
    return ".." in posixpath.normpath(name).split("/")


WHATSAPP = re.compile(r"^(_chat\.txt|.*whats\s*app.*\.txt)$", re.IGNORECASE)
TELEGRAM = re.compile(r"^(result\.json|messages\d*\.html)$", re.IGNORECASE)
INSTAGRAM = re.compile(r"^message_\d+\.json$", re.IGNORECASE)


def chat_platform(names: list[str]) -> str:
    """Which messenger exported this archive, from its members' names; "" when none."""
    for name in names:
        base = posixpath.basename(name)
        if WHATSAPP.match(base):
            return "whatsapp"
        if TELEGRAM.match(base):
            return "telegram"
        if INSTAGRAM.match(base) and "/inbox/" in f"/{name}":
            return "instagram"
    return ""


def check_zip(handle: IO[bytes]) -> str:
    """Refuse bombs, traversal, encrypted and nested archives; return the chat platform.
    A zip that is not a chat export is refused as a type we do not take (415)."""
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _unreadable() from None
    with archive:
        members = archive.infolist()
        if len(members) > settings.EVIDENCE_ZIP_MAX_MEMBERS:
            raise _bomb()
        total = 0
        for member in members:
            total += member.file_size
            if total > settings.EVIDENCE_ZIP_MAX_TOTAL:
                raise _bomb()
            ratio_limit = settings.EVIDENCE_ZIP_MAX_RATIO * max(member.compress_size, 1)
            if member.file_size > max(ratio_limit, _RATIO_FLOOR):
                raise _bomb()
            if _unsafe_name(member.filename) or member.flag_bits & 0x1:
                raise _unreadable()
        for member in members:
            if member.is_dir():
                continue
            if _ARCHIVE_NAMES.search(member.filename) or _starts_like_archive(archive, member):
                raise _bomb()
        platform = chat_platform([m.filename for m in members if not m.is_dir()])
    if not platform:
        raise not_allowed()
    return platform


def _starts_like_archive(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    if member.file_size < 4:
        return False
    try:
        with archive.open(member) as opened:
            head = opened.read(8)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        raise _unreadable() from None
    return head.startswith(_ARCHIVE_MAGIC)
