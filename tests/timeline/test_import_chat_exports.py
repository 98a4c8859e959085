"""Chat exports uploaded through the mailbox become timeline events, one per message, in order,
with the parser's digests; the import is in the proof log and its receipt verifies."""

from __future__ import annotations

import subprocess
import sys
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest

from relais.audit.models import AuditEvent
from relais.chatexports import parse_export
from relais.evidence.models import EvidenceItem
from relais.proofs.formats import event_digest
from relais.proofs.receipts import receipt_file, receipt_for
from relais.timeline.imports import BATCH, events_digest, import_chat_export, reread_dates
from relais.timeline.models import ChatImport, TimelineEvent
from relais.timeline.selectors import timeline_for
from relais.timeline.services import correct_occurred_at
from tests.timeline.helpers import export, immediate_tasks, upload

__all__ = ["immediate_tasks"]
RELAIS = str(Path(sys.executable).parent / "relais")


def _expected(content: bytes, name: str) -> list[str]:
    return [e.digest for e in parse_export(content, name_hint=name, tz="Europe/Brussels").events]


def test_a_whatsapp_zip_with_a_photo_becomes_its_messages(
    immediate_tasks, mailbox_token, submitted, django_capture_on_commit_callbacks
):
    content = export("relais/whatsapp_ios_fr.zip")
    body = upload(django_capture_on_commit_callbacks, mailbox_token, content, "WhatsApp Chat.zip")

    done = ChatImport.objects.get(item_id=body["id"])
    assert done.status == "imported" and done.platform == "whatsapp" and done.event_count == 7
    timeline = timeline_for(submitted.alert)
    assert [e.digest for e in timeline.events] == _expected(content, "WhatsApp Chat.zip")
    assert all(str(e.evidence_id) == body["id"] and e.source == "event" for e in timeline.events)
    photo = next(e for e in timeline.events if e.attachments)
    assert photo.author == "Léa" and photo.kind == "attachment"
    assert photo.attachments == ("00000012-PHOTO-2024-03-12-14-05-33.jpg",)
    assert photo.zone_assumed and photo.occurred_at.utcoffset() is not None
    times = [e.occurred_at for e in timeline.events]
    assert times == sorted(times)


def test_a_telegram_export_becomes_its_messages(
    immediate_tasks, mailbox_token, submitted, django_capture_on_commit_callbacks
):
    content = export("chatminer_fixtures/test/telegram/test_single_export.json")
    body = upload(django_capture_on_commit_callbacks, mailbox_token, content, "result.json")

    events = TimelineEvent.objects.filter(item_id=body["id"]).order_by("position")
    assert [e.digest for e in events] == _expected(content, "result.json")
    assert [e.author for e in events] == ["Author 1", "Author 2"]
    assert {e.platform for e in events} == {"telegram"}


def test_an_sms_backup_becomes_its_messages_and_the_phone_owner_is_no_author(
    immediate_tasks, mailbox_token, submitted, django_capture_on_commit_callbacks
):
    content = export("sms_backup_restore_xml/devadvance/sms_small.xml")
    upload(django_capture_on_commit_callbacks, mailbox_token, content, "sms.xml")

    timeline = timeline_for(submitted.alert)
    assert len(timeline.events) == 12
    assert sorted(e.digest for e in timeline.events) == sorted(_expected(content, "sms.xml"))
    assert "Me" not in timeline.synthesis.authors
    assert timeline.synthesis.participants[0].handle.startswith("Contact ")
    assert timeline.synthesis.platforms == ["sms"]


def test_the_import_is_in_the_proof_log_and_its_receipt_verifies(
    immediate_tasks, mailbox_token, submitted, django_capture_on_commit_callbacks, tmp_path
):
    content = export("relais/whatsapp_ios_fr.zip")
    body = upload(django_capture_on_commit_callbacks, mailbox_token, content, "chat.zip")

    done = ChatImport.objects.select_related("proof_entry").get(item_id=body["id"])
    entry = done.proof_entry
    assert entry is not None and entry.kind == "evidence.imported"
    payload = {
        "alert": str(submitted.alert.pk),
        "item": body["id"],
        "sha256": body["sha256"],
        "events": 7,
        "events_digest": events_digest(_expected(content, "chat.zip")),
    }
    assert entry.digest == event_digest(bytes(entry.salt), payload)
    assert entry.alert_id == submitted.alert.pk
    assert AuditEvent.objects.filter(action="evidence.imported", actor_kind="system").exists()

    path = tmp_path / "import.json"
    path.write_bytes(receipt_file(receipt_for(entry)))
    done_run = subprocess.run([RELAIS, "verify", str(path)], capture_output=True, text=True)
    assert done_run.returncode == 0, done_run.stderr


def test_a_text_file_that_is_no_chat_stays_one_item(
    immediate_tasks, mailbox_token, submitted, django_capture_on_commit_callbacks
):
    body = upload(django_capture_on_commit_callbacks, mailbox_token, b"Mes notes.\n", "notes.txt")

    assert ChatImport.objects.get(item_id=body["id"]).status == "not_a_chat"
    timeline = timeline_for(submitted.alert)
    assert [(str(e.evidence_id), e.source) for e in timeline.events] == [(body["id"], "item")]


def test_a_damaged_export_is_kept_as_one_item_with_the_reason(
    immediate_tasks, mailbox_token, submitted, django_capture_on_commit_callbacks
):
    damaged = b'{"name": "Classe", "messages": [{"date_unixtime": "1", "from_id": '
    body = upload(django_capture_on_commit_callbacks, mailbox_token, damaged, "result.json")

    done = ChatImport.objects.get(item_id=body["id"])
    assert done.status == "failed" and done.reason and done.proof_entry is None
    assert TimelineEvent.objects.count() == 0
    assert [e.source for e in timeline_for(submitted.alert).events] == ["item"]


def test_importing_twice_adds_nothing(
    immediate_tasks, mailbox_token, submitted, django_capture_on_commit_callbacks
):
    content = export("relais/whatsapp_ios_fr.zip")
    body = upload(django_capture_on_commit_callbacks, mailbox_token, content, "chat.zip")

    again = import_chat_export(item=EvidenceItem.objects.get(pk=body["id"]))
    assert again.event_count == 7
    assert TimelineEvent.objects.count() == 7 and ChatImport.objects.count() == 1


ISSUE9 = Path(__file__).resolve().parent.parent / "data" / "exports" / "issue9"


def test_each_event_is_stored_with_its_kind(
    immediate_tasks, mailbox_token, submitted, django_capture_on_commit_callbacks
):
    content = (ISSUE9 / "whatsapp_ios_stickers_and_notices.txt").read_bytes()
    body = upload(django_capture_on_commit_callbacks, mailbox_token, content, "_chat.txt")

    kinds = TimelineEvent.objects.filter(item_id=body["id"]).order_by("position")
    assert [e.kind for e in kinds] == ["system"] * 3 + ["sticker"] * 2 + ["system", "deleted"]


def test_an_ambiguous_date_order_is_said_on_the_import(
    immediate_tasks, mailbox_token, submitted, django_capture_on_commit_callbacks
):
    content = (ISSUE9 / "whatsapp_ios_en_12h_ambiguous.txt").read_bytes()
    body = upload(django_capture_on_commit_callbacks, mailbox_token, content, "_chat.txt")

    done = ChatImport.objects.get(item_id=body["id"])
    assert done.status == "imported"
    assert done.problems[0].startswith("The dates can be read day first or month first")


def test_a_telegram_time_in_utc_is_stored_as_that_instant(
    immediate_tasks, mailbox_token, submitted, django_capture_on_commit_callbacks
):
    content = (ISSUE9 / "telegram_zulu.json").read_bytes()
    body = upload(django_capture_on_commit_callbacks, mailbox_token, content, "result.json")

    first = TimelineEvent.objects.get(item_id=body["id"], position=0)
    assert first.occurred_at == datetime(2024, 3, 12, 13, 5, tzinfo=UTC)
    assert not first.zone_assumed


def _long_export(messages: int, size: int) -> bytes:
    """A WhatsApp export of `messages` messages of about `size` bytes, over several days."""
    lines = []
    for n in range(messages):
        day, minute = 13 + n // 1440, n % 1440
        words = f"message {n} " + "x" * size
        lines.append(f"{day:02d}/03/2024, {minute // 60:02d}:{minute % 60:02d} - Léa: {words}")
    return ("\n".join(lines) + "\n").encode()


def test_an_export_is_imported_in_batches_with_the_parsers_digests(
    immediate_tasks, mailbox_token, submitted, django_capture_on_commit_callbacks
):
    content = _long_export(2 * BATCH + 345, 20)
    body = upload(django_capture_on_commit_callbacks, mailbox_token, content, "chat.txt")

    done = ChatImport.objects.get(item_id=body["id"])
    expected = _expected(content, "chat.txt")
    assert done.event_count == len(expected) == 2 * BATCH + 345
    assert done.events_digest == events_digest(expected)
    stored = TimelineEvent.objects.filter(item_id=body["id"]).order_by("position")
    assert list(stored.values_list("digest", flat=True)) == expected
    assert list(stored.values_list("position", flat=True)) == list(range(len(expected)))


def _import_peak(capture, token: str, content: bytes) -> int:
    """Upload, then import again from scratch while tracing Python's allocations: the peak."""
    body = upload(capture, token, content, "chat.txt")
    ChatImport.objects.filter(item_id=body["id"]).delete()
    TimelineEvent.objects.filter(item_id=body["id"]).delete()
    item = EvidenceItem.objects.select_related("alert__school").get(pk=body["id"])
    tracemalloc.start()
    try:
        done = import_chat_export(item=item)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert done.status == "imported"
    assert done.event_count == content.count(b"\n")
    return peak


def test_an_export_is_imported_without_holding_it_in_memory(
    immediate_tasks, mailbox_token, submitted, django_capture_on_commit_callbacks
):
    # 4 and 16 MiB in messages of 1 KiB: read whole, the peak grows with the file; streamed in
    # batches, it stays that of one batch.
    small = _import_peak(
        django_capture_on_commit_callbacks, mailbox_token, _long_export(4000, 1050)
    )
    large = _long_export(16_000, 1050)
    peak = _import_peak(django_capture_on_commit_callbacks, mailbox_token, large)

    assert peak < 1.5 * small, f"peak {peak} bytes for 16 MiB, {small} bytes for 4 MiB"
    assert peak < len(large)


def test_the_family_answers_an_ambiguous_date_order_and_the_export_is_read_again(
    immediate_tasks, mailbox_token, submitted, django_capture_on_commit_callbacks
):
    content = (ISSUE9 / "whatsapp_ios_en_12h_ambiguous.txt").read_bytes()
    body = upload(django_capture_on_commit_callbacks, mailbox_token, content, "_chat.txt")
    item = EvidenceItem.objects.select_related("alert__school").get(pk=body["id"])
    first = ChatImport.objects.get(item=item)

    again = reread_dates(item=item, day_first=True)

    assert again.status == "imported" and again.problems == []
    assert again.proof_entry_id != first.proof_entry_id
    events = TimelineEvent.objects.filter(item=item).order_by("position")
    assert [e.occurred_at.date().isoformat() for e in events] == [
        "2024-03-01",
        "2024-03-02",
        "2024-03-05",
    ]
    assert AuditEvent.objects.filter(action="evidence.dates_reread").count() == 1


def test_an_export_whose_dates_were_corrected_is_not_read_again(
    immediate_tasks, mailbox_token, submitted, django_capture_on_commit_callbacks
):
    content = (ISSUE9 / "whatsapp_ios_en_12h_ambiguous.txt").read_bytes()
    body = upload(django_capture_on_commit_callbacks, mailbox_token, content, "_chat.txt")
    item = EvidenceItem.objects.select_related("alert__school").get(pk=body["id"])
    event = TimelineEvent.objects.get(item=item, position=0)
    correct_occurred_at(
        target=event, occurred_at=datetime(2024, 3, 1, 20, 15, tzinfo=UTC), actor=None
    )

    with pytest.raises(ValueError):
        reread_dates(item=item, day_first=True)

    assert TimelineEvent.objects.filter(item=item).count() == 3
    assert ChatImport.objects.filter(item=item).exists()
