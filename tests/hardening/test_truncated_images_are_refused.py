"""A truncated image (the first bytes of a PNG, half a JPEG or GIF) is refused with 422 on
every upload path, whatever the process imported before: WeasyPrint sets Pillow's
``ImageFile.LOAD_TRUNCATED_IMAGES`` for the whole process when it is imported."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image, ImageFile

from relais.evidence.models import EvidenceItem
from tests.evidence.conftest import api_upload, stored_files


def _image(fmt: str) -> bytes:
    # Noise, so that the compressed data is long enough to cut in the middle.
    image = Image.frombytes("L", (96, 96), bytes((i * 7919) % 251 for i in range(96 * 96)))
    out = io.BytesIO()
    image.convert("RGB" if fmt == "JPEG" else "L").save(out, fmt)
    return out.getvalue()


def _truncated() -> list[tuple[str, bytes]]:
    png, jpeg, gif = _image("PNG"), _image("JPEG"), _image("GIF")
    return [
        ("png-60", png[:60]),
        ("png-half", png[: len(png) // 2]),
        ("jpeg-half", jpeg[: len(jpeg) // 2]),
        ("gif-half", gif[: len(gif) // 2]),
    ]


pytestmark = pytest.mark.django_db  # the autouse cache-clearing fixture may need the database

CASES = _truncated()
IDS = [name for name, _data in CASES]


@pytest.fixture(params=[True, False], ids=["after-weasyprint", "flag-off"])
def truncated_flag(request, monkeypatch):
    """Both states of Pillow's global flag: after importing WeasyPrint, and off."""
    if request.param:
        import weasyprint  # noqa: F401 - importing it is what sets the flag

        assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", request.param)
    return request.param


@pytest.mark.parametrize(("name", "data"), CASES, ids=IDS)
def test_the_api_refuses_a_truncated_image_with_422(
    truncated_flag, mailbox_token, vault, name, data
):
    upload = io.BytesIO(data)
    upload.name = f"{name}.img"
    response = Client().post(
        "/api/v1/mailbox/evidence",
        {"file": upload},
        headers={"Authorization": f"Bearer {mailbox_token}", "Accept-Language": "fr"},
    )
    assert response.status_code == 422, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"} and "endommagé" in body["detail"]
    assert EvidenceItem.objects.count() == 0
    assert [n for n in stored_files(vault) if not n.startswith("pending/")] == []


@pytest.mark.parametrize(("name", "data"), CASES, ids=IDS)
def test_the_mailbox_form_refuses_a_truncated_image_with_422(
    truncated_flag, mailbox_client, vault, name, data
):
    upload = io.BytesIO(data)
    upload.name = f"{name}.img"
    response = mailbox_client.post(
        reverse("public:mailbox_evidence"), {"file": upload}, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 422
    assert "could not be read" in response.content.decode()
    assert EvidenceItem.objects.count() == 0


@pytest.mark.parametrize(("name", "data"), CASES, ids=IDS)
def test_the_staff_upload_refuses_a_truncated_image_with_422(
    truncated_flag, alice_client, submitted, vault, name, data
):
    upload = io.BytesIO(data)
    upload.name = f"{name}.img"
    response = alice_client.post(
        f"/staff/evidence/alerts/{submitted.alert.pk}/upload/",
        {"file": upload, "platform": ""},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert "could not be read" in response.content.decode()
    assert EvidenceItem.objects.count() == 0


def _whole_images() -> dict[str, bytes]:
    frames = [Image.new("RGB", (40, 30), colour) for colour in ("red", "green", "blue")]
    found = {}
    for name, fmt, options in [
        ("progressive.jpg", "JPEG", {"progressive": True}),
        ("animated.gif", "GIF", {"save_all": True, "append_images": frames[1:]}),
        ("animated.png", "PNG", {"save_all": True, "append_images": frames[1:]}),
        ("photo.webp", "WEBP", {}),
    ]:
        out = io.BytesIO()
        frames[0].save(out, fmt, **options)
        found[name] = out.getvalue()
    return found


def test_a_whole_image_of_each_kind_is_still_taken(truncated_flag, mailbox_token, vault):
    images = {f"whole.{fmt.lower()}": _image(fmt) for fmt in ("PNG", "JPEG", "GIF")}
    images.update(_whole_images())
    for name, data in images.items():
        response = api_upload(Client(), mailbox_token, data, name=name)
        assert response.status_code == 201, (name, response.content[:300])
    assert EvidenceItem.objects.count() == len(images)


def test_an_animated_gif_cut_in_its_last_frame_is_refused(truncated_flag, mailbox_token, vault):
    gif = _whole_images()["animated.gif"]
    response = api_upload(Client(), mailbox_token, gif[:-12], name="cut.gif")
    assert response.status_code == 422, response.content[:300]
    assert EvidenceItem.objects.count() == 0


def _noise_frames() -> list[Image.Image]:
    return [
        Image.frombytes("L", (64, 64), bytes((i * 7919 + c) % 251 for i in range(4096)))
        for c in (1, 50, 100)
    ]


def _damaged_pngs() -> list[tuple[str, bytes]]:
    frames = _noise_frames()
    out = io.BytesIO()
    frames[0].save(out, "PNG", save_all=True, append_images=frames[1:])
    animated = out.getvalue()
    out = io.BytesIO()
    frames[0].save(out, "PNG")
    png = out.getvalue()
    # The compressed pixels flipped, the length of the file and its last chunk left as they were.
    garbled = png[:60] + bytes(b ^ 0x55 for b in png[60:-20]) + png[-20:]
    return [
        ("apng-cut-after-first-frame", animated[: len(animated) * 8 // 10]),
        ("garbled", garbled),
    ]


@pytest.mark.parametrize(
    ("name", "data"), _damaged_pngs(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_a_png_cut_after_its_first_frame_or_garbled_is_refused(
    truncated_flag, mailbox_token, vault, name, data
):
    response = api_upload(Client(), mailbox_token, data, name=f"{name}.png")
    assert response.status_code == 422, response.content[:300]
    assert EvidenceItem.objects.count() == 0
