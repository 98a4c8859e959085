"""OCR of screenshots and photos with Debian's tesseract (French by default). No models, no DB.

    result = ocr_image(path_or_bytes)          # OcrResult(text, confidence, duration_s)

Phone screenshots are prepared before tesseract sees them: EXIF rotation applied, transparency
flattened on white, grayscale, dark mode (light text on a dark background) inverted, small images
upscaled, contrast stretched. Images over MAX_PIXELS are refused before being decoded (pixel bombs).
"""

from __future__ import annotations

import io
import os
import re
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytesseract
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, ImageStat, UnidentifiedImageError

MAX_PIXELS = 40_000_000  # a 48 MP phone photo is refused; a 1440x3200 screenshot is 4.6 MP
MIN_WIDTH = 1000  # narrower images are upscaled: tesseract reads best at 20-40 px letters
MAX_UPSCALE = 3
TIMEOUT_S = 60
# Psm 3: automatic page segmentation, which copes with chat bubbles left and right.
CONFIG = "--oem 1 --psm 3"
_LANG = re.compile(r"^[a-z_]{3,20}(?:\+[a-z_]{3,20}){0,3}$")

# Tesseract's OpenMP threads spin against each other and against the web and task workers on a
# small machine: one thread per OCR was 4x faster here (0.33 s against 1.24 s a screenshot, on 2
# loaded cores). pytesseract passes no environment of its own, so the child inherits this one.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


class OcrError(ValueError):
    """The image cannot be read; `reason` is a translatable sentence."""

    def __init__(self, reason: str | Promise) -> None:
        self.reason = reason
        super().__init__(reason)

    def __str__(self) -> str:
        return str(self.reason)


@dataclass(frozen=True)
class OcrResult:
    text: str
    confidence: float  # mean word confidence, 0-100; 0 when no word was found
    duration_s: float


def ocr_image(source: bytes | str | os.PathLike[str], lang: str = "fra") -> OcrResult:
    """Read the text of an image (bytes or a path). Raises OcrError for what cannot be read."""
    if not _LANG.match(lang):
        raise OcrError(_("Unknown OCR language."))
    started = time.monotonic()
    image = prepare(load_image(source))
    try:
        data = pytesseract.image_to_data(
            image, lang=lang, config=CONFIG, timeout=TIMEOUT_S, output_type=pytesseract.Output.DICT
        )
    except pytesseract.TesseractNotFoundError as exc:
        raise OcrError(_("Text recognition is not installed on this server.")) from exc
    except (pytesseract.TesseractError, RuntimeError) as exc:
        raise OcrError(_("Text recognition failed on this image.")) from exc
    text, confidence = _text_and_confidence(data)
    return OcrResult(text=text, confidence=confidence, duration_s=time.monotonic() - started)


def load_image(source: bytes | str | os.PathLike[str]) -> Image.Image:
    """Open and decode an image, refusing pixel bombs before decoding them."""
    handle = io.BytesIO(source) if isinstance(source, bytes) else Path(source)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(handle)
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise OcrError(_("The image is too large to be read."))
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise OcrError(_("The image is too large to be read.")) from exc
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
            if isinstance(exc, OcrError):
                raise
            raise OcrError(_("This file is not an image that can be read.")) from exc
    return image


def prepare(image: Image.Image) -> Image.Image:
    """Grayscale, dark mode inverted, small images upscaled, contrast stretched."""
    image = ImageOps.exif_transpose(image) or image
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, "white")
        image = Image.alpha_composite(background, rgba)
    gray = image.convert("L")
    if ImageStat.Stat(gray).mean[0] < 110:
        gray = ImageOps.invert(gray)
    if gray.width < MIN_WIDTH:
        factor = min(MAX_UPSCALE, -(-MIN_WIDTH // max(gray.width, 1)))
        gray = gray.resize((gray.width * factor, gray.height * factor), Image.Resampling.LANCZOS)
    return ImageOps.autocontrast(gray, cutoff=1)


def _text_and_confidence(data: dict[str, list[Any]]) -> tuple[str, float]:
    """Rebuild lines from tesseract's words; blank line between blocks; mean word confidence."""
    lines: list[str] = []
    words: list[str] = []
    confidences: list[float] = []
    current: tuple[int, int, int] | None = None
    for index, word in enumerate(data["text"]):
        word = (word or "").strip()
        if not word:
            continue
        key = (data["block_num"][index], data["par_num"][index], data["line_num"][index])
        if current is not None and key != current:
            lines.append(" ".join(words))
            words = []
            if key[:2] != current[:2]:
                lines.append("")
        current = key
        words.append(word)
        confidence = float(data["conf"][index])
        if confidence >= 0:
            confidences.append(confidence)
    if words:
        lines.append(" ".join(words))
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return "\n".join(lines), round(mean, 1)
