"""Every write to the vault: sealing an upload, withdrawing it, sharing, opening an original,
audited."""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from relais.alerts.models import Alert
from relais.audit.models import ActorKind, AuditAction
from relais.audit.services import record
from relais.evidence import crypto, guards, metadata, pdfcheck, proof_events
from relais.evidence.intake import SealedBlob, SealedCopy, SealingSink
from relais.evidence.models import EvidenceCopy, EvidenceItem, Sealed, Share
from relais.evidence.sniff import Kind
from relais.evidence.storage import copy_name, open_committed, vault_storage, written_name
from relais.lib import jobs
from relais.lib.dates import validate_fact_date
from relais.schools.models import School

_KINDS = {
    Kind.IMAGE: EvidenceItem.Kind.IMAGE,
    Kind.PDF: EvidenceItem.Kind.PDF,
    Kind.VIDEO: EvidenceItem.Kind.VIDEO,
    Kind.AUDIO: EvidenceItem.Kind.AUDIO,
    Kind.TEXT: EvidenceItem.Kind.TEXT,
    Kind.ARCHIVE: EvidenceItem.Kind.CHAT_EXPORT,
}


@dataclass
class Inspected:
    kind: str
    facts: dict[str, Any]
    copies: dict[str, tuple[SealedCopy, str]]  # kind -> (sealed copy, media type)
    platform: str = ""


def _make_copy(blob: SealedBlob, kind: str, write: Any) -> tuple[SealedCopy, str]:
    name = copy_name(blob.item_id, kind)
    blob.extra_blobs.append(name)
    sink = SealingSink(storage=blob.storage, name=name, blob_id=uuid.uuid4(), publish=False)
    try:
        media_type = write(sink)
        return sink.seal(), media_type
    except BaseException:
        sink.abort()
        raise


def _inspect_image(blob: SealedBlob, found: Inspected) -> None:
    with blob.reader() as reader:
        image = guards.open_image(reader)
        if image is None:  # a format Pillow cannot decode (HEIC): sealed, never shared
            return
        with image:
            found.facts = metadata.read_facts(image)
            found.copies["stripped"] = _make_copy(
                blob, "stripped", lambda sink: metadata.write_stripped(image, sink)
            )
    stripped, _media = found.copies["stripped"]
    handle = blob.storage.open(written_name(blob.storage, stripped.name), "rb")
    with _reader(handle, stripped) as reader, guards.Image.open(reader) as clean:
        found.copies["thumbnail"] = _make_copy(
            blob, "thumbnail", lambda sink: metadata.write_thumbnail(clean, sink)
        )


def inspect(blob: SealedBlob) -> Inspected:
    """Check what the file holds (bombs, chat exports) and make its working copies."""
    found = Inspected(kind=_KINDS[blob.sniffed.kind], facts={}, copies={})
    if blob.sniffed.kind == Kind.IMAGE:
        _inspect_image(blob, found)
    elif blob.sniffed.kind == Kind.ARCHIVE:
        with blob.reader() as reader:
            found.platform = guards.check_zip(reader)
    elif blob.sniffed.kind == Kind.PDF:
        with blob.reader() as reader:
            pdfcheck.check_pdf(reader)
    return found


def _sealed_fields(sealed: SealedCopy | SealedBlob) -> dict[str, Any]:
    return {
        "blob_name": sealed.name,
        "size": sealed.size,
        "sha256": sealed.sha256,
        "key_id": sealed.key_id,
        "wrapped_key": sealed.wrapped_key,
        "chunk_size": sealed.chunk_size,
    }


def seal_evidence(
    *,
    alert: Alert,
    blob: SealedBlob,
    occurred_at: datetime | None = None,
    platform: str = "",
    note: str = "",
    staff: Any = None,
) -> EvidenceItem:
    """Turn a sealed upload into an item of the alert's vault, or refuse it leaving nothing.

    Checks the content (raises intake.Refused), makes the stripped working copies, then in one
    transaction writes the item, its copies, the audit row and the proof entry (kind
    "evidence.sealed": SHA-256, size and media type, no name). Once that transaction commits,
    the blobs get their final names and the pending marker goes (SealedBlob.publish); on any
    failure every blob written for it is deleted.
    An impossible `occurred_at` raises ValidationError (the forms refuse it first).
    """
    try:
        # Before any write: a year-1 date stored under an old zone offset breaks every page.
        validate_fact_date(occurred_at)
        found = inspect(blob)
        facts = None
        if found.facts:
            facts = crypto.seal_bytes(
                json.dumps(found.facts, sort_keys=True).encode(),
                blob_id=uuid.uuid5(blob.item_id, "facts"),
                data_key=blob.data_key,
            )
        with transaction.atomic():
            entry = proof_events.evidence_sealed(alert=alert, blob=blob)
            item = EvidenceItem.objects.create(
                id=blob.item_id,
                alert=alert,
                uploaded_by="staff" if staff else "reporter",
                staff_user=staff,
                kind=found.kind,
                media_type=blob.sniffed.media_type,
                display_name=blob.display_name,
                occurred_at=occurred_at,
                original_occurred_at=occurred_at,
                platform=platform or found.platform,
                note=note,
                sealed_facts=facts,
                proof_entry=entry,
                **_sealed_fields(blob),
            )
            EvidenceCopy.objects.bulk_create(
                EvidenceCopy(
                    id=copy.blob_id, item=item, kind=kind, media_type=media, **_sealed_fields(copy)
                )
                for kind, (copy, media) in found.copies.items()
            )
            record(
                actor=staff,
                actor_kind=ActorKind.STAFF if staff else ActorKind.REPORTER,
                action=AuditAction.EVIDENCE_SEALED,
                obj=item,
                sha256=blob.sha256,
                size=blob.size,
                media_type=blob.sniffed.media_type,
            )
            # A failed rename is completed by the first reader or by purge_pending_uploads.
            transaction.on_commit(blob.publish, robust=True)
            # Chat exports become timeline events, images get their text read: in the worker
            # (relais.timeline.tasks, queued by name: no import back from here).
            item_id = str(item.pk)
            transaction.on_commit(lambda: jobs.defer("evidence.process", item_id), robust=True)
    except BaseException:
        blob.discard()
        raise
    blob.claimed = True
    return item


class AlreadyWithdrawn(Exception):
    """The item was withdrawn before."""


MAX_REASON = 500


def withdraw_evidence(
    *, item: EvidenceItem, reason: str, actor: Any = None, actor_kind: str = ActorKind.REPORTER
) -> EvidenceItem:
    """Take a wrong upload out of the alert's evidence, with the reason given.

    The item leaves the timeline, the synthesis and the documents; staff still see it, marked
    withdrawn. The sealed original and its copies stay in the vault: withdrawing is not deleting
    (the retention schedule of docs/privacy.md decides when they go). In one transaction: the
    item, an "evidence.withdrawn" proof entry (the item and its SHA-256, not the reason) and the
    audit row.
    """
    with transaction.atomic():
        item = EvidenceItem.objects.select_for_update().get(pk=item.pk)
        if item.withdrawn:
            raise AlreadyWithdrawn
        item.withdrawn_at = timezone.now()
        item.withdrawal_reason = reason.strip()[:MAX_REASON]
        item.withdrawal_proof = proof_events.evidence_withdrawn(item)
        item.save(
            update_fields=["withdrawn_at", "withdrawal_reason", "withdrawal_proof", "updated_at"]
        )
        record(
            actor=actor,
            actor_kind=actor_kind,
            action=AuditAction.EVIDENCE_WITHDRAWN,
            obj=item,
            sha256=item.sha256,
            reason=item.withdrawal_reason,
        )
    return item


# --- Reading --------------------------------------------------------------------------------


def _blob_id(sealed: Sealed | SealedCopy) -> uuid.UUID:
    if isinstance(sealed, SealedCopy):
        return sealed.blob_id
    return sealed.id  # type: ignore[attr-defined]


def _data_key(sealed: Sealed | SealedCopy) -> bytes:
    return crypto.unwrap_key(
        bytes(sealed.wrapped_key), key_id=sealed.key_id, blob_id=_blob_id(sealed)
    )


def _reader(handle: IO[bytes], sealed: Sealed | SealedCopy) -> io.BufferedReader:
    raw = crypto.SealedReader(
        handle,
        size=sealed.size,
        blob_id=_blob_id(sealed),
        data_key=_data_key(sealed),
    )
    return io.BufferedReader(raw, buffer_size=64 * 1024)


def plaintext(sealed: Sealed) -> Iterator[bytes]:
    """The plaintext of a stored blob, chunk by chunk (SealBroken if it was altered)."""
    handle = open_committed(vault_storage(), sealed.blob_name)
    try:
        yield from crypto.open_stream(handle, blob_id=_blob_id(sealed), data_key=_data_key(sealed))
    finally:
        handle.close()


def facts_of(item: EvidenceItem) -> dict[str, Any]:
    """The EXIF facts recorded at intake. Callers check access (access.may_see_facts)."""
    if not item.sealed_facts:
        return {}
    raw = crypto.open_bytes(
        bytes(item.sealed_facts), blob_id=item.facts_blob_id, data_key=_data_key(item)
    )
    facts: dict[str, Any] = json.loads(raw)
    return facts


def shareable_copy(item: EvidenceItem) -> Sealed | None:
    """What may leave the vault: the stripped copy of an image; a text file as it is (plain text
    carries no metadata); nothing for other kinds, whose metadata we cannot strip yet."""
    if item.kind == EvidenceItem.Kind.TEXT:
        return item
    return item.copies.filter(kind=EvidenceCopy.Kind.STRIPPED).first()


def record_view(*, item: EvidenceItem, actor: Any, action: AuditAction) -> None:
    """Audit that a staff member opened an item's page, thumbnail, copy or original."""
    record(actor=actor, action=action, obj=item, sha256=item.sha256)


class NotShareable(Exception):
    """This item has no copy free of metadata."""


def share_item(*, item: EvidenceItem, school: School, by: Any, words: Sequence[str] = ()) -> Share:
    """Let a school see the item's stripped copy (never the original or its metadata).
    ``words``: those the case worker confirmed are not names in its text (relais.cases.sharing),
    kept in the audit row as a notice keeps them."""
    if shareable_copy(item) is None:
        raise NotShareable
    with transaction.atomic():
        share, _created = Share.objects.get_or_create(
            item=item, school=school, defaults={"shared_by": by}
        )
        extra: dict[str, Any] = {"words": list(words)} if words else {}
        record(
            actor=by, action=AuditAction.EVIDENCE_SHARED, obj=item, school=str(school.pk), **extra
        )
    return share
