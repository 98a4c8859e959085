"""The thumbnails in the dossier come from the stripped copies: no EXIF, no GPS."""

from __future__ import annotations

import io

import pikepdf
from pikepdf import PdfImage
from PIL import Image

from relais.documents.services import generate_document
from relais.evidence.services import facts_of, plaintext
from tests.documents.conftest import open_pdf


def test_no_image_in_the_dossier_carries_exif_or_gps(submitted, items):
    photo = items[0]
    assert "gps" in facts_of(photo)  # the original does have a position
    document = generate_document(
        alert=submitted.alert, kind="dossier", options={}, actor=None, actor_kind="reporter"
    )
    pdf = open_pdf(b"".join(plaintext(document)))
    # Every image object of the file, whichever pages share it.
    images = [
        PdfImage(obj)
        for obj in pdf.objects
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
    ]
    assert len(images) == 2  # the two JPEGs; the text file has no thumbnail
    for image in images:
        raw = image.obj.read_raw_bytes()
        assert b"Exif" not in raw
        assert b"Fairphone" not in raw
        assert b"secret comment" not in raw
        with Image.open(io.BytesIO(raw)) as decoded:
            assert not decoded.getexif()
            assert "exif" not in decoded.info
