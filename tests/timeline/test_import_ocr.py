"""An image's text is read (tesseract, French) from its stripped copy after upload, and the
alert's images can be searched by it, accents and case ignored."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from relais.timeline.models import EvidenceText
from relais.timeline.selectors import search_text, timeline_for
from tests.evidence.conftest import jpeg_with_gps
from tests.factories import make_alert
from tests.timeline.helpers import immediate_tasks, upload

__all__ = ["immediate_tasks"]
FONTS = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
]
FONT = str(next((font for font in FONTS if font.exists()), FONTS[0]))


def french_png() -> bytes:
    font = ImageFont.truetype(FONT, 40)
    image = Image.new("RGB", (1200, 200), "white")
    draw = ImageDraw.Draw(image)
    draw.text((40, 40), "Tu vas regretter d'être venue", font=font, fill="black")
    draw.text((40, 110), "au collège demain", font=font, fill="black")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_the_text_of_a_screenshot_is_searchable_without_accents(
    immediate_tasks, mailbox_token, submitted, django_capture_on_commit_callbacks
):
    capture = upload(django_capture_on_commit_callbacks, mailbox_token, french_png(), "a.png")
    upload(django_capture_on_commit_callbacks, mailbox_token, jpeg_with_gps(), "b.jpg")

    text = EvidenceText.objects.get(item_id=capture["id"])
    assert "regretter" in text.text and text.confidence > 0 and not text.reason
    assert [str(i.pk) for i in search_text(submitted.alert, "COLLEGE regretter")] == [capture["id"]]
    assert search_text(submitted.alert, "piscine") == []
    entry = next(e for e in timeline_for(submitted.alert).events if e.ocr_excerpt)
    assert str(entry.evidence_id) == capture["id"] and "regretter" in entry.ocr_excerpt


def test_another_alerts_images_are_not_searched(
    immediate_tasks, mailbox_token, submitted, django_capture_on_commit_callbacks
):
    upload(django_capture_on_commit_callbacks, mailbox_token, french_png(), "a.png")
    other = make_alert(school=submitted.alert.school)
    assert search_text(other.alert, "regretter") == []
