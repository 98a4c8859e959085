"""`relais purge_pending_uploads` removes what a process killed mid-upload left behind, after a
day, leaves uploads under way alone, and gives a committed item's blob its final name."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

from django.core.files.base import ContentFile
from django.core.management import call_command

from relais.evidence.intake import Intake
from relais.evidence.services import plaintext, seal_evidence
from relais.evidence.storage import marker_name, original_name
from tests.evidence.conftest import pdf, stored_files

PDF = pdf(2 * 1024 * 1024)


def _crashed_upload(vault, age: timedelta) -> Intake:
    """An upload whose process died halfway: its blob and marker stay behind."""
    intake = Intake(max_bytes=10 * 1024 * 1024, storage=vault)
    intake.feed(PDF[: 1024 * 1024 + 10000])
    intake._writer.close()  # what was written so far reaches storage (as <name>.part)
    vault.delete(intake._marker)
    old = marker_name(intake.item_id, datetime.now(UTC) - age)
    vault.save(old, ContentFile(b""))
    return intake


def test_leftovers_older_than_a_day_are_removed(db, vault):
    intake = _crashed_upload(vault, timedelta(days=2))
    assert f"{original_name(intake.item_id)}.part" in stored_files(vault)
    out = StringIO()
    call_command("purge_pending_uploads", stdout=out)
    assert out.getvalue().startswith("1 interrupted")
    assert stored_files(vault) == []


def test_an_upload_under_way_is_left_alone(db, vault):
    _crashed_upload(vault, timedelta(hours=1))
    before = stored_files(vault)
    call_command("purge_pending_uploads", stdout=StringIO())
    assert stored_files(vault) == before


def test_a_committed_item_keeps_its_blob_under_its_final_name(submitted, vault):
    intake = Intake(max_bytes=10 * 1024 * 1024, storage=vault)
    intake.feed(PDF)
    blob = intake.finish()
    item = seal_evidence(alert=submitted.alert, blob=blob)  # on_commit never runs in this test
    vault.delete(blob.marker)
    vault.save(marker_name(item.id, datetime.now(UTC) - timedelta(days=3)), ContentFile(b""))
    call_command("purge_pending_uploads", stdout=StringIO())
    assert stored_files(vault) == [item.blob_name]
    assert b"".join(plaintext(item)) == PDF
