"""The log's one-round-trip writes store what the ORM would have stored."""

from __future__ import annotations

from django.db import connection, transaction

from relais.alerts.models import Alert
from relais.audit.models import AuditEvent
from relais.proofs.sql import Write, insert_of, write
from tests.factories import SchoolFactory, make_alert


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


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_signed_alerts_write_the_orms_values_and_prepare_only_the_logs_statements(db):
    """The signed alert's two statements go through a server-side binding cursor on PostgreSQL:
    the rows they write hold the ORM's values (the server types the parameters psycopg sends
    untyped, str and None), and each statement is prepared at its first run, while Django's own
    queries keep binding on the client side. SQLite runs the same writes one by one, with
    nothing to prepare."""
    school = SchoolFactory()
    submitted = [make_alert(school, platforms=["whatsapp", "tiktok"]) for _ in range(3)]
    last = submitted[-1]
    assert last.signed is not None
    stored = Alert.objects.get(pk=last.alert.pk)
    assert stored.categories == last.alert.categories == ["harcelement"]
    assert stored.platforms == last.alert.platforms and len(stored.platforms) == 2
    assert stored.created_at == last.alert.created_at
    assert stored.school_id == school.pk
    assert stored.started_on is None and stored.reveal_identity is False
    if connection.vendor != "postgresql":
        return
    prepared = _prepared_statements()
    assert any("FOR UPDATE SKIP LOCKED" in text for text in prepared), prepared
    assert any("INSERT INTO proofs_treehead" in text for text in prepared), prepared
    assert not any("schools_school" in text for text in prepared), prepared


def test_with_prepared_statements_off_nothing_is_prepared(db, settings):
    """RELAIS_DB_PREPARED_STATEMENTS=0, for a pooler that does not keep prepared statements."""
    settings.PROOFS_PREPARED_STATEMENTS = False
    before = _prepared_statements() if connection.vendor == "postgresql" else []
    submitted = make_alert()
    assert submitted.signed is not None
    assert Alert.objects.filter(pk=submitted.alert.pk).exists()
    if connection.vendor == "postgresql":
        assert _prepared_statements() == before
        assert not any("proofs_logstate" in text for text in before)
