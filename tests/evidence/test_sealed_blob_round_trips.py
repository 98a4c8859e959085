"""A sealed blob opens back to the exact bytes, in any size, and only with its own key and id."""

from __future__ import annotations

import hashlib
import io
import uuid

import pytest

from relais.evidence import crypto
from relais.evidence.intake import Intake
from relais.evidence.services import plaintext, seal_evidence
from tests.evidence.conftest import pdf, random_bytes


@pytest.mark.parametrize("size", [0, 1, 1000, 4096, 65536, 2 * 1024 * 1024, 3 * 1024 * 1024 + 7])
def test_a_stream_of_any_size_opens_to_the_same_bytes(size):
    data = random_bytes(size)
    key, blob_id = bytes(32), uuid.uuid4()
    sealer = crypto.Sealer(blob_id=blob_id, data_key=key)
    pieces = [sealer.header]
    for start in range(0, size, 65536):
        pieces.extend(sealer.update(data[start : start + 65536]))
    pieces.append(sealer.finish())
    blob = b"".join(pieces)
    assert b"".join(crypto.open_stream(io.BytesIO(blob), blob_id=blob_id, data_key=key)) == data
    reader = crypto.SealedReader(io.BytesIO(blob), size=size, blob_id=blob_id, data_key=key)
    assert reader.read() == data


def test_another_blob_id_does_not_open_it():
    key = bytes(32)
    blob = crypto.seal_bytes(b"hello", blob_id=uuid.uuid4(), data_key=key)
    with pytest.raises(crypto.SealBroken):
        crypto.open_bytes(blob, blob_id=uuid.uuid4(), data_key=key)


def test_an_upload_is_stored_encrypted_and_decrypts_to_the_original(
    submitted, vault, django_capture_on_commit_callbacks
):
    data = pdf(3 * 1024 * 1024)
    intake = Intake(max_bytes=10 * 1024 * 1024)
    for start in range(0, len(data), 65536):
        intake.feed(data[start : start + 65536])
    blob = intake.finish(display_name="report.pdf")
    with django_capture_on_commit_callbacks(execute=True):  # the blob gets its name
        item = seal_evidence(alert=submitted.alert, blob=blob)
    with vault.open(item.blob_name) as stored:
        raw = stored.read()
    assert data[:4096] not in raw
    chunks = -(-len(data) // (1024 * 1024))
    assert len(raw) == 20 + len(data) + 16 * chunks
    restored = b"".join(plaintext(item))
    assert restored == data
    assert hashlib.sha256(restored).hexdigest() == item.sha256 == hashlib.sha256(data).hexdigest()
    assert item.media_type == "application/pdf" and item.size == len(data)
