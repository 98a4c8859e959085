"""What a file is, from its first bytes. The declared content type and the name are never used.

The allowlist: images, PDF, video, audio, plain text (UTF-8) and zip archives (accepted only when
they turn out to be a chat export, which intake checks once the whole file is in; see guards.py).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

SNIFF_BYTES = 4096  # enough for every signature below and a fair look at a text file


class Kind:
    IMAGE = "image"
    PDF = "pdf"
    VIDEO = "video"
    AUDIO = "audio"
    TEXT = "text"
    ARCHIVE = "archive"  # a zip; a chat export once guards.check_zip has looked inside


@dataclass(frozen=True)
class Sniffed:
    media_type: str
    kind: str


_PREFIXES: list[tuple[bytes, str, str]] = [
    (b"\xff\xd8\xff", "image/jpeg", Kind.IMAGE),
    (b"\x89PNG\r\n\x1a\n", "image/png", Kind.IMAGE),
    (b"GIF87a", "image/gif", Kind.IMAGE),
    (b"GIF89a", "image/gif", Kind.IMAGE),
    (b"%PDF-", "application/pdf", Kind.PDF),
    (b"OggS", "audio/ogg", Kind.AUDIO),
    (b"fLaC", "audio/flac", Kind.AUDIO),
    (b"ID3", "audio/mpeg", Kind.AUDIO),
    (b"#!AMR", "audio/amr", Kind.AUDIO),
    (b"PK\x03\x04", "application/zip", Kind.ARCHIVE),
]

# ISO base media (MP4, MOV, M4A, HEIC, 3GP): the brand after "ftyp" says which.
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif"}
_AUDIO_BRANDS = {b"M4A ", b"M4B ", b"M4P ", b"F4A "}
_VIDEO_BRANDS_QT = {b"qt  "}


def _iso_media(head: bytes) -> Sniffed | None:
    if len(head) < 12 or head[4:8] != b"ftyp":
        return None
    brand = head[8:12]
    if brand in _HEIF_BRANDS:
        return Sniffed("image/avif" if brand == b"avif" else "image/heic", Kind.IMAGE)
    if brand in _AUDIO_BRANDS:
        return Sniffed("audio/mp4", Kind.AUDIO)
    if brand in _VIDEO_BRANDS_QT:
        return Sniffed("video/quicktime", Kind.VIDEO)
    if brand.startswith(b"3g"):
        return Sniffed("video/3gpp", Kind.VIDEO)
    if brand.isascii() and bytes(brand).strip(b" ").isalnum():
        return Sniffed("video/mp4", Kind.VIDEO)
    return None


def _riff(head: bytes) -> Sniffed | None:
    if len(head) < 12 or head[:4] != b"RIFF":
        return None
    return {
        b"WEBP": Sniffed("image/webp", Kind.IMAGE),
        b"WAVE": Sniffed("audio/wav", Kind.AUDIO),
        b"AVI ": Sniffed("video/x-msvideo", Kind.VIDEO),
    }.get(head[8:12])


def _matroska(head: bytes) -> Sniffed | None:
    if not head.startswith(b"\x1a\x45\xdf\xa3"):
        return None
    if b"webm" in head[:64]:
        return Sniffed("video/webm", Kind.VIDEO)
    return Sniffed("video/x-matroska", Kind.VIDEO)


def _mpeg_audio(head: bytes) -> Sniffed | None:
    if len(head) < 2 or head[0] != 0xFF:
        return None
    if head[1] in {0xF1, 0xF9}:  # ADTS, the AAC of voice messages
        return Sniffed("audio/aac", Kind.AUDIO)
    if head[1] & 0xE0 == 0xE0 and head[1] & 0x06:  # MPEG frame sync with a layer set
        return Sniffed("audio/mpeg", Kind.AUDIO)
    return None


class TextChecker:
    """Plain text: valid UTF-8 from start to end, no NUL, few control characters."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")()

    def feed(self, data: bytes, *, final: bool = False) -> bool:
        if b"\x00" in data:
            return False
        try:
            self._decoder.decode(data, final)
        except UnicodeDecodeError:
            return False
        return True


def _text(head: bytes, complete: bool) -> Sniffed | None:
    if not head.strip():
        return None
    if not TextChecker().feed(head, final=complete):
        return None
    controls = sum(1 for byte in head if byte < 0x20 and byte not in b"\t\n\r\x0c")
    if controls > len(head) // 100:
        return None
    return Sniffed("text/plain", Kind.TEXT)


def sniff(head: bytes, *, complete: bool) -> Sniffed | None:
    """The type of a file whose first bytes are `head` (all of it when `complete`); None when
    it is not on the allowlist."""
    for prefix, media_type, kind in _PREFIXES:
        if head.startswith(prefix):
            return Sniffed(media_type, kind)
    for check in (_iso_media, _riff, _matroska, _mpeg_audio):
        found = check(head)
        if found:
            return found
    return _text(head.removeprefix(codecs.BOM_UTF8), complete)
