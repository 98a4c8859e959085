"""The same vault on S3: a real SeaweedFS server started for this module. Sealing, stripping,
refusals, interrupted uploads, purging and key rotation behave as on local disk."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.test import Client
from PIL import Image

from relais.evidence.intake import Intake
from relais.evidence.models import EvidenceItem
from relais.evidence.services import facts_of, plaintext, seal_evidence, shareable_copy
from relais.evidence.storage import marker_name, original_name
from tests.evidence.conftest import (
    VAULT_KEY,
    api_upload,
    jpeg_with_gps,
    pdf,
    random_bytes,
    stored_files,
)
from tests.evidence.seaweedfs import s3_storage_settings, seaweedfs
from tests.evidence.test_bombs_are_refused import pixel_bomb

pytestmark = pytest.mark.engine_neutral("postgresql")


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory):
    with seaweedfs(tmp_path_factory.mktemp("seaweedfs")) as endpoint:
        yield endpoint


@pytest.fixture
def vault(settings, s3_endpoint):
    """Overrides the local vault of conftest.py: a fresh prefix of the bucket per test."""
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": s3_storage_settings(s3_endpoint, f"test-{uuid.uuid4().hex}"),
    }
    settings.VAULT_KEY = VAULT_KEY
    settings.VAULT_OLD_KEYS = []
    storage = storages["evidence"]
    assert type(storage).__name__ == "S3Storage"
    return storage


def test_a_large_upload_round_trips_through_s3(submitted, vault):
    data = b"\x00\x00\x00\x18ftypmp42" + random_bytes(20 * 1024 * 1024)
    intake = Intake(max_bytes=64 * 1024 * 1024)
    for start in range(0, len(data), 65536):
        intake.feed(data[start : start + 65536])
    item = seal_evidence(alert=submitted.alert, blob=intake.finish())
    assert item.media_type == "video/mp4"
    assert b"".join(plaintext(item)) == data
    assert item.blob_name in stored_files(vault)


def test_gps_is_kept_sealed_and_stripped_from_the_copy_on_s3(mailbox_token, vault):
    assert api_upload(Client(), mailbox_token, jpeg_with_gps()).status_code == 201
    item = EvidenceItem.objects.get()
    assert facts_of(item)["gps"]["latitude"] == pytest.approx(50.744583)
    copy = b"".join(plaintext(shareable_copy(item)))
    assert b"Fairphone" not in copy
    with Image.open(io.BytesIO(copy)) as image:
        assert not image.getexif()


def test_a_refused_upload_leaves_nothing_in_the_bucket(mailbox_token, vault):
    assert api_upload(Client(), mailbox_token, pixel_bomb(), "a.png").status_code == 422
    assert stored_files(vault) == []


def test_an_interrupted_upload_leaves_nothing_in_the_bucket(mailbox_token, vault):
    from tests.evidence.test_interrupted_upload_leaves_nothing import BOUNDARY, VIDEO, _body

    body = _body(VIDEO)
    response = Client().post(
        "/api/v1/mailbox/evidence",
        headers={"Authorization": f"Bearer {mailbox_token}"},
        CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(len(body)),
        **{"wsgi.input": io.BytesIO(body[: len(body) // 2])},
    )
    assert response.status_code == 400
    assert stored_files(vault) == []


def test_a_killed_upload_leaves_no_half_object_in_the_bucket(tmp_path, s3_endpoint, vault, db):
    from tests.evidence.test_a_killed_upload_leaves_no_partial_file import kill_mid_upload

    # 20 MiB: two 8 MiB parts of a multipart upload were sent when the process is killed.
    item_id = kill_mid_upload(tmp_path, "s3", s3_endpoint, vault.location, fed_mib=20)
    left = stored_files(vault)
    assert original_name(item_id) not in left and not vault.exists(original_name(item_id))
    assert [name for name in left if not name.startswith("pending/")] == []
    for name in left:  # the marker, made two days old
        vault.delete(name)
    vault.save(marker_name(item_id, datetime.now(UTC) - timedelta(days=2)), ContentFile(b""))
    call_command("purge_pending_uploads", stdout=StringIO())
    assert stored_files(vault) == []


def test_leftovers_are_purged_and_keys_rotate_on_s3(submitted, vault, settings):
    intake = Intake(max_bytes=10 * 1024 * 1024)
    intake.feed(pdf(1024 * 1024))
    intake._writer.close()  # a crash after the blob, before the item
    vault.delete(intake._marker)
    vault.save(marker_name(intake.item_id, datetime.now(UTC) - timedelta(days=2)), ContentFile(b""))
    call_command("purge_pending_uploads", stdout=StringIO())
    assert stored_files(vault) == []

    intake = Intake(max_bytes=10 * 1024 * 1024)
    data = pdf(100)
    intake.feed(data)
    item = seal_evidence(alert=submitted.alert, blob=intake.finish())
    settings.VAULT_KEY, settings.VAULT_OLD_KEYS = "33" * 32, [VAULT_KEY]
    call_command("rotate_vault_key", stdout=StringIO())
    settings.VAULT_OLD_KEYS = []
    item.refresh_from_db()
    assert b"".join(plaintext(item)) == data
