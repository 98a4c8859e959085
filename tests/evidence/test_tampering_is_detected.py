"""Changing, cutting or swapping a stored blob makes opening it fail with a clear error."""

from __future__ import annotations

import pytest

from relais.evidence.crypto import SealBroken
from relais.evidence.intake import Intake
from relais.evidence.services import plaintext, seal_evidence
from tests.evidence.conftest import pdf

DATA = pdf(2 * 1024 * 1024 + 100)


@pytest.fixture
def item(submitted, django_capture_on_commit_callbacks):
    intake = Intake(max_bytes=10 * 1024 * 1024)
    intake.feed(DATA)
    with django_capture_on_commit_callbacks(execute=True):  # the blob gets its name
        return seal_evidence(alert=submitted.alert, blob=intake.finish())


def _rewrite(vault, name, change) -> None:
    path = vault.path(name)
    with open(path, "rb") as handle:
        raw = bytearray(handle.read())
    with open(path, "wb") as handle:
        handle.write(change(raw))


def test_one_changed_byte_fails_naming_the_chunk(item, vault):
    def flip(raw):
        raw[20 + 1024 * 1024 + 16 + 5] ^= 0x01  # inside the second chunk
        return raw

    _rewrite(vault, item.blob_name, flip)
    with pytest.raises(SealBroken, match="chunk 1"):
        b"".join(plaintext(item))


def test_a_blob_cut_at_a_chunk_boundary_fails(item, vault):
    _rewrite(vault, item.blob_name, lambda raw: raw[: 20 + 2 * (1024 * 1024 + 16)])
    with pytest.raises(SealBroken):
        b"".join(plaintext(item))


def test_two_chunks_swapped_fail(item, vault):
    size = 1024 * 1024 + 16

    def swap(raw):
        first, second = raw[20 : 20 + size], raw[20 + size : 20 + 2 * size]
        return raw[:20] + second + first + raw[20 + 2 * size :]

    _rewrite(vault, item.blob_name, swap)
    with pytest.raises(SealBroken, match="chunk 0"):
        b"".join(plaintext(item))


def test_a_staff_download_of_an_altered_original_does_not_complete(item, vault, alice_client):
    _rewrite(vault, item.blob_name, lambda raw: raw[:-1] + bytes([raw[-1] ^ 1]))
    response = alice_client.post(f"/staff/evidence/{item.pk}/original/")
    with pytest.raises(SealBroken):
        b"".join(response.streaming_content)
