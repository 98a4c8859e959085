"""Issue #4 figure: OCR of a phone screenshot in under 3 s.

Draws a 1080x2400 dark-mode chat screenshot (status bar, header, bubbles left and right, French
messages, DejaVu Sans at phone sizes), then runs relais.timeline.ocr.ocr_image on it several
times and prints the median and worst time, the confidence and how many words were found.

    .venv/bin/python bench/ocr.py [--runs 5] [--light] [--save /tmp/screenshot.png]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")

import django  # noqa: E402

django.setup()

from PIL import Image, ImageDraw, ImageFont  # noqa: E402

from relais.timeline.ocr import ocr_image  # noqa: E402

# Debian's fonts-dejavu-core (fonts-liberation as a fallback).
FONTS = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
]
FONT = str(next((font for font in FONTS if font.exists()), FONTS[0]))
MESSAGES = [
    (False, "T'as vu ce que tout le monde dit sur toi ?"),
    (True, "Laisse-moi tranquille s'il te plaît"),
    (False, "Tu vas regretter d'être venue au collège demain"),
    (False, "Personne ne veut de toi dans la classe"),
    (True, "J'ai tout enregistré, j'en parle au CPE"),
    (False, "Vas-y, essaie. On verra bien qui on croit"),
    (False, "Ce soir la photo sera sur le groupe de la classe"),
    (True, "Arrête, c'est du harcèlement"),
]


def screenshot(dark: bool = True) -> bytes:
    width, height = 1080, 2400
    background, bubble_in, bubble_out, ink = (
        ((11, 20, 26), (32, 44, 51), (0, 92, 75), (233, 237, 239))
        if dark
        else ((239, 234, 226), (255, 255, 255), (217, 253, 211), (17, 27, 33))
    )
    image = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    small, body, title = (ImageFont.truetype(FONT, size) for size in (30, 40, 46))
    draw.text((40, 20), "14:05", font=small, fill=ink)
    draw.text((900, 20), "87 %", font=small, fill=ink)
    draw.rectangle((0, 80, width, 230), fill=(31, 44, 52) if dark else (0, 128, 105))
    draw.text((140, 120), "Léa (3e B)", font=title, fill=(233, 237, 239))
    y = 300
    for outgoing, text in MESSAGES:
        words, lines, line = text.split(), [], ""
        for word in words:
            trial = f"{line} {word}".strip()
            if draw.textlength(trial, font=body) > 760:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
        box_w = int(max(draw.textlength(part, font=body) for part in lines)) + 60
        box_h = 56 * len(lines) + 70
        x = width - box_w - 40 if outgoing else 40
        draw.rounded_rectangle(
            (x, y, x + box_w, y + box_h), 24, fill=bubble_out if outgoing else bubble_in
        )
        for number, part in enumerate(lines):
            draw.text((x + 30, y + 20 + 56 * number), part, font=body, fill=ink)
        draw.text(
            (x + box_w - 110, y + box_h - 44), "14:0" + str(len(text) % 10), font=small, fill=ink
        )
        y += box_h + 36
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--light", action="store_true", help="light mode instead of dark mode")
    parser.add_argument("--save", help="also write the screenshot to this path")
    args = parser.parse_args()
    png = screenshot(dark=not args.light)
    if args.save:
        Path(args.save).write_bytes(png)
    results = [ocr_image(png) for _ in range(args.runs)]
    times = [result.duration_s for result in results]
    expected = {fold(w).strip("?,.'") for _, text in MESSAGES for w in text.split() if len(w) > 3}
    found = {fold(w).strip("?,.'") for w in results[0].text.split()}
    words = sorted(w for w in expected if w in found or any(w in f for f in found))
    print(
        f"OCR of a 1080x2400 {'light' if args.light else 'dark'}-mode phone screenshot "
        f"(tesseract, fra, {os.cpu_count()} cores): median {statistics.median(times):.2f} s, "
        f"worst {max(times):.2f} s over {args.runs} runs (target < 3 s)"
    )
    print(
        f"confidence {results[0].confidence:.0f}/100; "
        f"{len(words)}/{len(expected)} words of 4+ letters found"
    )


if __name__ == "__main__":
    main()
