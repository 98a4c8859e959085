"""A process killed (SIGKILL) in the middle of writing a blob leaves no partial file under a
blob's name: on disk the bytes go to `<name>.part` and are renamed only once the row has
committed; on S3 a half-sent object never appears. `relais purge_pending_uploads` then removes
what was left, and a blob whose row committed before the rename gets its name back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management import call_command

from relais.evidence.intake import Intake
from relais.evidence.services import plaintext, seal_evidence
from relais.evidence.storage import PENDING, marker_name, original_name
from tests.evidence.conftest import every_folder, pdf, stored_files

ROOT = Path(__file__).resolve().parents[2]


def kill_mid_upload(tmp_path: Path, *args: str, fed_mib: int = 3) -> uuid.UUID:
    """Start tests.evidence.upload_child, let it write `fed_mib` MiB, kill it with SIGKILL."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.evidence.upload_child", *args],
        cwd=ROOT,
        env={**os.environ, "RELAIS_DATA_DIR": str(tmp_path / "child-data")},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        item_id = uuid.UUID(child.stdout.readline().strip())
        while int(child.stdout.readline() or 0) < fed_mib:
            assert child.poll() is None, "the uploading process stopped by itself"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL
    return item_id


def age(vault, item_id: uuid.UUID, *, marker: bool = True) -> None:
    """Make the leftovers of an upload look two days old: its files, and its marker (or drop
    the marker when `marker` is False)."""
    then = time.time() - 2 * 86400
    for name in stored_files(vault):
        if name.startswith(PENDING) and name.endswith(str(item_id)):
            vault.delete(name)
        elif name.endswith(".part"):
            os.utime(vault.path(name), (then, then))
    if marker:
        vault.save(marker_name(item_id, datetime.now(UTC) - timedelta(days=2)), ContentFile(b""))


def test_a_killed_upload_leaves_only_a_temporary_file_then_nothing(tmp_path, vault, db):
    item_id = kill_mid_upload(tmp_path, "local", vault.path(""))
    final = original_name(item_id)
    left = stored_files(vault)
    assert final not in left
    assert f"{final}.part" in left
    assert Path(vault.path(f"{final}.part")).stat().st_size > 1024 * 1024
    age(vault, item_id)

    out = StringIO()
    call_command("purge_pending_uploads", stdout=out)
    assert out.getvalue().startswith("1 interrupted")
    assert stored_files(vault) == []
    assert f"vault/{item_id}" not in every_folder(vault)


def test_a_temporary_file_without_a_marker_is_removed_once_stale(tmp_path, vault, db):
    item_id = kill_mid_upload(tmp_path, "local", vault.path(""))
    partial = f"{original_name(item_id)}.part"
    for name in stored_files(vault):
        if name.startswith(PENDING):
            vault.delete(name)  # as if the marker were gone: the file alone is enough
    call_command("purge_pending_uploads", stdout=StringIO())
    assert stored_files(vault) == [partial]  # young: it may be an upload under way

    age(vault, item_id, marker=False)
    call_command("purge_pending_uploads", stdout=StringIO())
    assert stored_files(vault) == []
    assert every_folder(vault) == ["pending", "vault"]  # the shared folders, empty


def _sealed_but_not_renamed(submitted, capture):
    """A row committed, then the process stopped before the rename that follows the commit."""
    data = pdf(1024 * 1024)
    intake = Intake(max_bytes=10 * 1024 * 1024)
    intake.feed(data)
    with capture(execute=False):
        item = seal_evidence(alert=submitted.alert, blob=intake.finish())
    return item, data


def test_the_blob_gets_its_name_only_once_its_row_has_committed(
    submitted, vault, django_capture_on_commit_callbacks
):
    data = pdf(1024 * 1024)
    intake = Intake(max_bytes=10 * 1024 * 1024)
    intake.feed(data)
    blob = intake.finish()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        item = seal_evidence(alert=submitted.alert, blob=blob)
    assert stored_files(vault) == [blob.marker, f"{item.blob_name}.part"]
    for callback in callbacks:
        callback()
    assert stored_files(vault) == [item.blob_name]
    assert b"".join(plaintext(item)) == data


def test_a_reader_completes_a_rename_the_commit_did_not_reach(
    submitted, vault, django_capture_on_commit_callbacks
):
    item, data = _sealed_but_not_renamed(submitted, django_capture_on_commit_callbacks)
    assert b"".join(plaintext(item)) == data
    assert item.blob_name in stored_files(vault)


def test_the_purge_completes_a_rename_the_commit_did_not_reach(
    submitted, vault, django_capture_on_commit_callbacks
):
    item, data = _sealed_but_not_renamed(submitted, django_capture_on_commit_callbacks)
    age(vault, item.pk)
    call_command("purge_pending_uploads", stdout=StringIO())
    assert stored_files(vault) == [item.blob_name]
    assert b"".join(plaintext(item)) == data
