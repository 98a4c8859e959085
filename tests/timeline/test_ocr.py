"""OCR with Debian's tesseract (French): screenshots, dark mode, small images, pixel bombs."""

import io
import unicodedata
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from relais.timeline.ocr import MAX_PIXELS, OcrError, ocr_image

# Debian's fonts-dejavu-core (fonts-liberation as a fallback).
FONTS = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
]
FONT = str(next((font for font in FONTS if font.exists()), FONTS[0]))
SENTENCE = "Tu vas regretter d'être venue au collège demain"


def fold(text):
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words_found(text, sentence=SENTENCE):
    expected = fold(sentence).replace("'", " ").split()
    seen = fold(text).replace("'", " ").replace("\u2019", " ")
    return [w for w in expected if w in seen.split() or (len(w) > 3 and w in seen)]


def png(lines, *, size=36, width=1200, ink="black", paper="white", mode="RGB"):
    font = ImageFont.truetype(FONT, size)
    image = Image.new(mode, (width, int(size * 1.6) * len(lines) + 2 * size), paper)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((size, size + int(size * 1.6) * number), line, font=font, fill=ink)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_french_text_is_read_with_its_accents():
    result = ocr_image(png([SENTENCE]))

    assert len(words_found(result.text)) >= 7  # of 8 words
    assert "collège" in result.text or "college" in fold(result.text)
    assert 0 < result.confidence <= 100
    assert result.duration_s > 0


def test_a_dark_mode_chat_screenshot_is_inverted_and_read():
    image = Image.new("RGB", (1080, 700), (11, 20, 26))
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 40)
    draw.rounded_rectangle((40, 100, 1000, 260), 24, fill=(32, 44, 51))
    draw.text((70, 120), "Tu vas regretter d'être venue", font=font, fill=(233, 237, 239))
    draw.text((70, 180), "au collège demain", font=font, fill=(233, 237, 239))
    draw.rounded_rectangle((300, 320, 1040, 420), 24, fill=(0, 92, 75))
    draw.text((330, 345), "Laisse-moi tranquille", font=font, fill=(233, 237, 239))
    out = io.BytesIO()
    image.save(out, "PNG")

    result = ocr_image(out.getvalue())

    assert len(words_found(result.text)) >= 7
    assert "tranquille" in fold(result.text)


def test_a_small_low_resolution_image_is_upscaled_and_read():
    result = ocr_image(png([SENTENCE], size=13, width=420))

    assert len(words_found(result.text)) >= 6


def test_a_transparent_png_is_read_on_white(tmp_path):
    path = tmp_path / "capture.png"
    path.write_bytes(png([SENTENCE], mode="RGBA", paper=(0, 0, 0, 0)))

    assert len(words_found(ocr_image(path).text)) >= 7


def test_several_lines_stay_on_several_lines():
    result = ocr_image(png(["Premier message du soir", "Deuxième message du soir"]))

    lines = [line for line in result.text.splitlines() if line.strip()]
    assert len(lines) == 2
    assert fold(lines[1]).startswith("deuxieme")


def test_a_pixel_bomb_is_refused_before_decoding():
    side = int(MAX_PIXELS**0.5) + 100
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, "PNG")

    assert len(out.getvalue()) < 2_000_000
    with pytest.raises(OcrError) as error:
        ocr_image(out.getvalue())
    assert str(error.value) == "The image is too large to be read."


@pytest.mark.parametrize("data", [b"", b"not an image", b"\x89PNG\r\n\x1a\n" + bytes(50)])
def test_what_is_not_an_image_is_refused(data):
    with pytest.raises(OcrError) as error:
        ocr_image(data)

    assert str(error.value) == "This file is not an image that can be read."


def test_an_unknown_language_code_is_refused():
    with pytest.raises(OcrError):
        ocr_image(png(["x"]), lang="fra; rm -rf /")


def test_an_empty_image_gives_empty_text():
    result = ocr_image(png([""]))

    assert result.text == ""
    assert result.confidence == 0.0
