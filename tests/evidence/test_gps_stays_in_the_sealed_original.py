"""A photo's GPS position, date and device are kept with the sealed original and appear in no
copy that leaves the vault: the stripped copy, its thumbnail, a staff download, a school's."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from relais.evidence.access import get_item_for
from relais.evidence.models import EvidenceCopy, EvidenceItem
from relais.evidence.services import facts_of, plaintext, share_item, shareable_copy
from tests.evidence.conftest import jpeg_with_gps

SECRETS = (b"Exif", b"Fairphone", b"FP5", b"secret comment", b"2025:03:14")


@pytest.fixture
def photo(mailbox_client, django_capture_on_commit_callbacks) -> EvidenceItem:
    upload = io.BytesIO(jpeg_with_gps())
    upload.name = "IMG_2025.jpg"
    with django_capture_on_commit_callbacks(execute=True):
        response = mailbox_client.post("/my/files/add/", {"file": upload})
    assert response.status_code == 303
    return EvidenceItem.objects.get()


def _assert_clean(data: bytes) -> None:
    for secret in SECRETS:
        assert secret not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
        assert not image.getexif().get_ifd(0x8825)
        assert "exif" not in image.info and "comment" not in image.info
        assert "icc_profile" not in image.info


def test_the_sealed_original_is_the_uploaded_file_with_its_gps(photo):
    original = b"".join(plaintext(photo))
    assert original.startswith(b"\xff\xd8") and b"Fairphone" in original
    assert len(original) == photo.size
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(0x8825)[1] == "N"
    facts = facts_of(photo)
    assert facts["gps"] == {"latitude": pytest.approx(50.744583), "longitude": 3.21}
    assert facts["device"] == "Fairphone FP5"
    assert facts["taken_at"] == "2025-03-14T16:19:58"


def test_the_facts_are_not_stored_in_clear(photo):
    assert b"Fairphone" not in bytes(photo.sealed_facts)
    assert b"50.74" not in bytes(photo.sealed_facts)


def test_every_working_copy_is_stripped(photo):
    kinds = set(photo.copies.values_list("kind", flat=True))
    assert kinds == {EvidenceCopy.Kind.STRIPPED, EvidenceCopy.Kind.THUMBNAIL}
    for copy in photo.copies.all():
        _assert_clean(b"".join(plaintext(copy)))


def test_the_stripped_copy_keeps_the_pixels(photo):
    copy = shareable_copy(photo)
    with Image.open(io.BytesIO(b"".join(plaintext(copy)))) as image:
        assert image.size == (64, 48)
        red, green, blue = image.getpixel((10, 10))
        assert red > 180 and green < 60 and blue < 60


def test_a_staff_download_is_the_stripped_copy(photo, alice_client):
    response = alice_client.get(f"/staff/evidence/{photo.pk}/copy/")
    assert response.status_code == 200
    _assert_clean(b"".join(response.streaming_content))


def test_a_school_sees_only_the_stripped_copy(photo, alice, school):
    share_item(item=photo, school=school, by=alice)
    item = get_item_for(school, photo.pk)
    _assert_clean(b"".join(plaintext(shareable_copy(item))))


def test_the_reporter_mailbox_shows_no_metadata(photo, mailbox_client):
    page = mailbox_client.get("/my/files/").content.decode()
    page += mailbox_client.get(f"/my/files/{photo.pk}/").content.decode()
    assert "IMG_2025.jpg" in page and photo.sha256 in page
    assert "Fairphone" not in page and "50.74" not in page
    assert "<img" not in page
