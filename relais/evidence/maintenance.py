"""Keeping the vault tidy: leftovers of interrupted uploads, and re-wrapping data keys."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from django.apps import apps
from django.db import transaction

from relais.evidence import crypto
from relais.evidence.models import EvidenceItem, Sealed
from relais.evidence.storage import PENDING, every_blob_of, parse_marker, vault_storage


def purge_pending(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Remove what uploads that never finished left behind (a process killed mid-upload).

    Each `pending/` marker older than `older_than` names an item id: when no item has that id,
    its blobs are deleted; the marker goes either way. Younger markers may be uploads under way.
    Returns how many markers were handled.
    """
    storage = vault_storage()
    try:
        _dirs, names = storage.listdir(PENDING)
    except FileNotFoundError:
        return 0
    limit = datetime.now(UTC) - older_than
    handled = 0
    for name in names:
        parsed = parse_marker(name)
        if parsed is None or parsed[0] > limit:
            continue
        _at, item_id = parsed
        if not EvidenceItem.objects.filter(pk=item_id).exists():
            for blob in every_blob_of(item_id):
                storage.delete(blob)
        storage.delete(PENDING + name)
        handled += 1
    return handled


def rotate_keys(*, batch: int = 500) -> int:
    """Re-wrap every data key not wrapped by the current vault key (RELAIS_VAULT_KEY), using the
    old keys in RELAIS_VAULT_OLD_KEYS. Blobs are not touched. Idempotent, in batches of `batch`
    rows per transaction, so it can be stopped and run again. Returns how many keys changed."""
    current, _keys = crypto.keyring()
    changed = 0
    # Every table of sealed blobs: the vault's, and other apps' (generated documents).
    models: tuple[Any, ...] = tuple(m for m in apps.get_models() if issubclass(m, Sealed))
    for model in models:
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
