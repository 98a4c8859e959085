"""What a school will be shown besides the notice (the OCR text of a screenshot) passes the same
check: identifiers from the alert, names the recogniser sees, details that point at the victim.

The image is drawn here and read by Debian's tesseract through relais.timeline.ocr, as an item's
text is read once uploaded.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw, ImageFont

from relais.notices.sharing import check_for_school
from relais.timeline.ocr import ocr_image
from tests.factories import make_alert

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LINES = [
    "Léa tu es moche, personne ne t'aime",
    "Rendez-vous demain à la récré",
    "Nathan va te filmer dans les vestiaires",
    "Envoie la photo sur Snapchat en novembre",
]


def screenshot(lines: list[str]) -> bytes:
    font = ImageFont.truetype(FONT, 36)
    image = Image.new("RGB", (1200, 110 * len(lines) + 80), "white")
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        top = 40 + 110 * index
        draw.rounded_rectangle((30, top, 1170, top + 80), radius=30, fill=(225, 235, 250))
        draw.text((60, top + 18), line, font=font, fill="black")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def alert(be_org, school):
    return make_alert(school, description="Léa reçoit des insultes depuis la rentrée.").alert


def test_the_ocr_text_of_a_screenshot_is_checked_before_a_school_sees_it(alert):
    text = ocr_image(screenshot(LINES)).text
    assert "Léa" in text and "Nathan" in text  # tesseract read the picture

    check = check_for_school(alert, text)

    assert ("name", "Léa") in {(f.kind, f.text) for f in check.findings}
    assert "Nathan" in {f.text for f in check.possible}
    assert {"Snapchat", "Rendez-vous"}.isdisjoint({f.text for f in check.possible})
    assert {"place", "time"} <= {w.kind for w in check.warnings}
    assert check.blocked


def test_a_screenshot_without_names_is_not_blocked(alert):
    text = ocr_image(screenshot(["Tu es moche, personne ne t'aime", "Envoie sur Snapchat"])).text

    check = check_for_school(alert, text)

    assert not check.blocked


def test_a_confirmed_word_no_longer_blocks_the_ocr_text(alert):
    text = ocr_image(screenshot(["Tu es moche, Nathan le dira a tout le monde"])).text

    assert check_for_school(alert, text).blocked
    assert not check_for_school(alert, text, confirmed=["nathan"]).blocked
