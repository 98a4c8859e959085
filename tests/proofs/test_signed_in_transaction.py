"""A new alert's entry is sequenced and signed in the alert's own transaction when the log is
free, never waits for the log's lock when it is not, and leaves nothing behind on a rollback."""

from __future__ import annotations

import json
import threading

import pytest
from django.db import connection, transaction

from relais.alerts.models import Alert
from relais.audit.models import AuditEvent
from relais.proofs.models import LogState, ProofEntry, TreeHead, TreeNode
from relais.proofs.receipts import receipt_file, receipt_for
from relais.proofs.sequencer import append_and_sign
from relais.proofs.services import append, sequence_and_sign
from relais.proofs.verify import verify_receipt
from tests.factories import SchoolFactory, make_alert

LOCK_HELD_SECONDS = 20  # far longer than a submission: a submission that waited would show


def _submit(school=None):
    return make_alert(school)


def _checks(receipt: dict) -> None:
    verified = verify_receipt(receipt_file(receipt))
    assert verified.leaf_index == receipt["leaf_index"]


def _audited_once(submitted) -> None:
    """The alert and its audit row ride in the log's statements: both are written, once, with
    the values the ORM would have written."""
    stored = Alert.objects.get(pk=submitted.alert.pk)
    assert stored.created_at == submitted.alert.created_at
    assert stored.categories == submitted.alert.categories
    assert stored.receipt_digest == submitted.alert.receipt_digest
    rows = AuditEvent.objects.filter(action="alert.submitted", object_id=str(submitted.alert.pk))
    assert rows.count() == 1
    assert rows.get().actor_kind == "reporter"


def test_a_new_alert_is_signed_in_its_own_transaction(db):
    for number in range(6):  # a tree that is not a power of two, with entries still unsequenced
        append(kind="message.received", payload={"n": number})
    sequence_and_sign()
    append(kind="message.received", payload={"n": "pending"})

    submitted = _submit()

    assert submitted.signed is not None
    _audited_once(submitted)
    stored = ProofEntry.objects.get(pk=submitted.proof_entry.pk)
    assert stored.leaf_index == submitted.signed.leaf_index == 6
    head = TreeHead.objects.get(tree_size=7)
    assert submitted.signed.head.pk == head.pk
    receipt = receipt_for(submitted.proof_entry, submitted.signed)
    _checks(receipt)
    # The proof built from the hashes in memory is the one the stored tree gives.
    assert receipt == receipt_for(stored)
    assert LogState.objects.get(pk=1).tree_size == 7
    assert ProofEntry.objects.filter(leaf_index__isnull=True).count() == 1  # only "pending"


def test_the_next_receipts_fold_the_entries_left_behind(db):
    first = _submit()
    left_behind = append(kind="consent.changed", payload={"n": 1})
    second = _submit()
    _checks(receipt_for(second.proof_entry, second.signed))
    _checks(receipt_for(left_behind))  # folded after the commit, in a round of its own
    assert sorted(ProofEntry.objects.values_list("leaf_index", flat=True)) == [0, 1, 2]
    _checks(receipt_for(ProofEntry.objects.get(pk=first.proof_entry.pk)))


def test_a_rolled_back_transaction_leaves_the_log_as_it_was(db):
    _submit()
    before = (
        LogState.objects.values_list("tree_size", "frontier", "signed_size").get(pk=1),
        TreeHead.objects.count(),
        TreeNode.objects.count(),
        ProofEntry.objects.count(),
    )

    class Crash(Exception):
        pass

    with pytest.raises(Crash), transaction.atomic():
        entry, signed = append_and_sign(kind="alert.received", payload={"n": 1})
        assert signed is not None and entry.leaf_index == 1
        raise Crash

    after = (
        LogState.objects.values_list("tree_size", "frontier", "signed_size").get(pk=1),
        TreeHead.objects.count(),
        TreeNode.objects.count(),
        ProofEntry.objects.count(),
    )
    assert after == before


def test_append_and_sign_refuses_to_run_outside_a_transaction(transactional_db):
    with pytest.raises(RuntimeError):
        append_and_sign(kind="alert.received", payload={"n": 1})


def _hold_the_log(locked: threading.Event, release: threading.Event) -> None:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT tree_size FROM proofs_logstate WHERE id = 1 FOR UPDATE")
            locked.set()
            release.wait(LOCK_HELD_SECONDS)
    finally:
        connection.close()


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite has one writer at a time: no other round can hold the log's lock meanwhile",
)
def test_an_alert_does_not_wait_for_a_round_that_holds_the_log(transactional_db):
    school = SchoolFactory()
    sequence_and_sign()  # the state row exists
    locked, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_the_log, args=(locked, release))
    holder.start()
    try:
        assert locked.wait(10)
        outcome: list = []

        def submit() -> None:
            try:
                outcome.append(_submit(school))
            finally:
                connection.close()

        submitter = threading.Thread(target=submit)
        submitter.start()
        submitter.join(LOCK_HELD_SECONDS / 2)
        assert not submitter.is_alive(), "the alert waited for the log's lock"
    finally:
        release.set()
        holder.join()
    submitted = outcome[0]
    assert submitted.signed is None  # appended, not sequenced: a later round folds it
    _audited_once(submitted)
    assert ProofEntry.objects.get(pk=submitted.proof_entry.pk).leaf_index is None
    receipt = receipt_for(submitted.proof_entry)  # after the commit, now that the log is free
    _checks(receipt)
    assert json.loads(receipt_file(receipt))["leaf_index"] == 0


def test_a_broken_signing_key_does_not_cost_the_alert(db, monkeypatch):
    """A key that is not Ed25519 (a configuration error) fails every signature: the alert, its
    audit row and its entry are stored all the same, unsigned, for the signer to fold later."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    from relais.proofs import signing

    wrong = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    monkeypatch.setenv("RELAIS_SIGNING_KEY", wrong.decode())
    signing.private_key.cache_clear()
    try:
        submitted = _submit()
    finally:
        signing.private_key.cache_clear()
    assert submitted.signed is None
    _audited_once(submitted)
    assert ProofEntry.objects.get(pk=submitted.proof_entry.pk).leaf_index is None
    monkeypatch.delenv("RELAIS_SIGNING_KEY")
    _checks(receipt_for(submitted.proof_entry))  # with the key mended, the receipt is signed
