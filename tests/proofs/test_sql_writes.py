"""The log's one-round-trip writes store what the ORM would have stored."""

from __future__ import annotations

from django.db import transaction

from relais.audit.models import AuditEvent
from relais.proofs.sql import Write, insert_of, write


def test_insert_of_stores_the_row_save_would_store(db):
    details = {"motif": "menace répétée", "liste": [1, 2, {"é": None}]}
    event = AuditEvent(
        actor=None,
        actor_kind="reporter",
        action="alert.submitted",
        object_type="alerts.alert",
        object_id="42",
        details=details,
    )
    with transaction.atomic():
        write([insert_of(event, "audit")])
    stored = AuditEvent.objects.get(object_id="42")
    assert stored.details == details
    assert stored.actor_kind == "reporter" and stored.actor_id is None
    assert stored.at == event.at  # auto_now_add was applied before the INSERT was built


def test_write_returns_none_for_a_row_it_did_not_write(db):
    """A head whose size exists already is not written again (ON CONFLICT DO NOTHING): the
    id comes back as None, and a round then goes on without a head of its own."""
    from relais.proofs.models import TreeHead
    from relais.proofs.services import sequence_and_sign

    head = sequence_and_sign()  # the empty log's head, size 0
    assert head is not None
    insert = Write(
        "head",
        "INSERT INTO proofs_treehead (tree_size, root_hash, timestamp, key_id, signature, "
        "public_key, timestamp_token, created_at) VALUES (0, %s, CURRENT_TIMESTAMP, 'k', 's', "
        "'p', '', CURRENT_TIMESTAMP) ON CONFLICT (tree_size) DO NOTHING RETURNING id",
        ["0" * 64],
    )
    audit = Write(
        "audit",
        "INSERT INTO audit_auditevent (at, actor_kind, action, object_type, object_id, "
        "details) VALUES (CURRENT_TIMESTAMP, 'system', 'x', 'y', '7', '{}') RETURNING id",
        [],
    )
    with transaction.atomic():
        found = write([audit, insert], ("audit", "head"))
    assert found["audit"] == AuditEvent.objects.get(object_id="7").pk
    assert found["head"] is None
    assert TreeHead.objects.get(tree_size=0).pk == head.pk
