"""EXIF facts recorded with the sealed original, and the stripped working copy of an image.

The facts (date taken, device, GPS) are sealed with the original's data key and shown only to
staff who handle the alert. The stripped copy is made from the decoded pixels alone: a new image
with no EXIF, XMP, ICC profile, comment or text chunk, turned upright first (the orientation tag
goes with the rest). Every copy that leaves the vault is this one.
"""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction
from typing import IO, Any

from PIL import Image, ImageOps

EXIF_IFD = 0x8769
GPS_IFD = 0x8825
_DATE_TAGS = ((EXIF_IFD, 0x9003), (EXIF_IFD, 0x9004), (None, 0x0132))  # original, digitised, file
_MAKE, _MODEL, _SOFTWARE = 0x010F, 0x0110, 0x0131


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value).strip("\x00 ").strip()[:200] if value is not None else ""


def _degrees(value: Any, ref: Any) -> float | None:
    try:
        degrees, minutes, seconds = (Fraction(str(float(part))) for part in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    result = float(degrees + minutes / 60 + seconds / 3600)
    return -result if _text(ref).upper() in {"S", "W"} else result


def _taken_at(exif: Image.Exif) -> str:
    for ifd, tag in _DATE_TAGS:
        raw = _text((exif.get_ifd(ifd) if ifd else exif).get(tag))
        try:
            return datetime.strptime(raw[:19], "%Y:%m:%d %H:%M:%S").isoformat()
        except ValueError:
            continue
    return ""


def read_facts(image: Image.Image) -> dict[str, Any]:
    """Date taken (camera local time, as recorded), device and GPS position, when present."""
    try:
        exif = image.getexif()
    except (OSError, SyntaxError, ValueError):
        return {}
    facts: dict[str, Any] = {}
    taken = _taken_at(exif)
    if taken:
        facts["taken_at"] = taken
    device = " ".join(part for part in (_text(exif.get(_MAKE)), _text(exif.get(_MODEL))) if part)
    if device:
        facts["device"] = device
    software = _text(exif.get(_SOFTWARE))
    if software:
        facts["software"] = software
    gps = exif.get_ifd(GPS_IFD)
    if gps:
        latitude = _degrees(gps.get(2), gps.get(1))
        longitude = _degrees(gps.get(4), gps.get(3))
        if latitude is not None and longitude is not None:
            facts["gps"] = {"latitude": round(latitude, 6), "longitude": round(longitude, 6)}
    return facts


def write_stripped(image: Image.Image, sink: IO[bytes]) -> str:
    """Decode, turn upright, re-encode the pixels alone into `sink`; returns the media type."""
    image.load()
    upright = ImageOps.exif_transpose(image) or image
    mode = upright.mode
    if image.format == "JPEG":
        target, fmt = ("RGB" if mode not in {"L", "RGB", "CMYK"} else mode), "JPEG"
    else:
        target = mode if mode in {"1", "L", "LA", "RGB", "RGBA", "I", "I;16"} else "RGBA"
        fmt = "PNG"
    # A fresh image from the pixels: nothing of the original's info dict can follow it.
    clean = Image.new(target, upright.size)
    clean.paste(upright.convert(target) if upright.mode != target else upright)
    upright.close()
    if fmt == "JPEG":
        clean.save(sink, "JPEG", quality=90, optimize=False)
    else:
        clean.save(sink, "PNG")
    clean.close()
    return "image/jpeg" if fmt == "JPEG" else "image/png"


def write_thumbnail(image: Image.Image, sink: IO[bytes], *, size: int = 320) -> str:
    """A small JPEG of an already stripped image (for staff lists)."""
    small = image.convert("RGB")
    small.thumbnail((size, size))
    small.save(sink, "JPEG", quality=80)
    return "image/jpeg"
