"""Keeping the vault tidy: leftovers of interrupted uploads, and re-wrapping data keys."""

from __future__ import annotations

import logging
import os
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.files.storage import Storage
from django.db import transaction

from relais.evidence import crypto
from relais.evidence.models import EvidenceItem, Sealed
from relais.evidence.storage import (
    PART,
    PENDING,
    every_blob_of,
    local_path,
    parse_marker,
    publish,
    remove,
    vault_storage,
)

logger = logging.getLogger(__name__)


def purge_pending(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Clean up after processes killed mid-upload; returns how many uploads were handled.

    Each `pending/` marker older than `older_than` names an item id: when no item has that id,
    its blobs are deleted, and when the item committed, its blobs get their final names; the
    marker goes either way. Then, on local disk, each temporary `.part` file older than that
    (a document's too) is renamed when a row names its blob, deleted otherwise. Younger ones
    may be uploads under way and are left alone.
    """
    storage = vault_storage()
    limit = datetime.now(UTC) - older_than
    return _purge_markers(storage, limit) + _purge_partial_files(storage, limit)


def _sealed_models() -> tuple[Any, ...]:
    # Every table of sealed blobs: the vault's, and other apps' (generated documents).
    return tuple(m for m in apps.get_models() if issubclass(m, Sealed))


def _purge_markers(storage: Storage, limit: datetime) -> int:
    try:
        _dirs, names = storage.listdir(PENDING)
    except FileNotFoundError:
        return 0
    handled = 0
    for name in names:
        parsed = parse_marker(name)
        if parsed is None or parsed[0] > limit:
            continue
        _at, item_id = parsed
        item = EvidenceItem.objects.filter(pk=item_id).first()
        if item is None:
            for blob in every_blob_of(item_id):
                remove(storage, blob)
        else:
            for blob in [item.blob_name, *item.copies.values_list("blob_name", flat=True)]:
                try:
                    publish(storage, blob)
                except FileNotFoundError:  # neither written nor published: say so, go on
                    logger.error("evidence: the blob of a committed item is missing")
        storage.delete(PENDING + name)
        handled += 1
    return handled


def _purge_partial_files(storage: Storage, limit: datetime) -> int:
    root = local_path(storage, "")
    if root is None or not root.exists():  # object stores hold no half-written object
        return 0
    handled = 0
    for folder, _dirs, files in os.walk(root):
        for file in files:
            path = Path(folder, file)
            if not file.endswith(PART) or _modified(path) > limit:
                continue
            name = path.relative_to(root).as_posix()[: -len(PART)]
            if any(model.objects.filter(blob_name=name).exists() for model in _sealed_models()):
                publish(storage, name)
            else:
                remove(storage, name)
            handled += 1
    return handled


def _modified(path: Path) -> datetime:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except FileNotFoundError:  # handled meanwhile by another process
        return datetime.max.replace(tzinfo=UTC)


def rotate_keys(*, batch: int = 500) -> int:
    """Re-wrap every data key not wrapped by the current vault key (RELAIS_VAULT_KEY), using the
    old keys in RELAIS_VAULT_OLD_KEYS. Blobs are not touched. Idempotent, in batches of `batch`
    rows per transaction, so it can be stopped and run again. Returns how many keys changed."""
    current, _keys = crypto.keyring()
    changed = 0
    for model in _sealed_models():
        while True:
            with transaction.atomic():
                rows = list(
                    model.objects.select_for_update()
                    .exclude(key_id=current)
                    .only("id", "key_id", "wrapped_key")[:batch]
                )
                for row in rows:
                    blob_id = uuid.UUID(str(row.pk))
                    data_key = crypto.unwrap_key(
                        bytes(row.wrapped_key), key_id=row.key_id, blob_id=blob_id
                    )
                    row.key_id, row.wrapped_key = crypto.wrap_key(data_key, blob_id=blob_id)
                model.objects.bulk_update(rows, ["key_id", "wrapped_key"])
            changed += len(rows)
            if len(rows) < batch:
                break
    return changed
