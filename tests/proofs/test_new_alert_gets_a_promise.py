"""A new alert is saved by the alerts app with the ORM, its entry appended in the same
transaction; its answer is a PROMISE signed at once, never a tree head signed on demand; the
signer turns it into a RECEIPT, nearest merge_by first."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction

from relais.alerts.models import Alert
from relais.audit.models import AuditEvent
from relais.proofs.formats import format_time, parse_time
from relais.proofs.models import LogState, ProofEntry, TreeHead, TreeNode
from relais.proofs.promises import promise_for
from relais.proofs.receipts import proof_for, receipt_file, receipt_for
from relais.proofs.services import append, sequence_and_sign
from relais.proofs.verify import verify_promise, verify_receipt
from tests.factories import SchoolFactory, make_alert

LOCK_HELD_SECONDS = 20  # far longer than a submission: a submission that waited would show


def _audited_once(submitted) -> None:
    """The alert and its audit row are written once, by the alerts app."""
    stored = Alert.objects.get(pk=submitted.alert.pk)
    assert stored.created_at == submitted.alert.created_at
    assert stored.categories == submitted.alert.categories
    assert stored.receipt_digest == submitted.alert.receipt_digest
    rows = AuditEvent.objects.filter(action="alert.submitted", object_id=str(submitted.alert.pk))
    assert rows.count() == 1
    assert rows.get().actor_kind == "reporter"
    assert ProofEntry.objects.get(pk=submitted.proof_entry.pk).alert_id == submitted.alert.pk


def test_a_new_alert_is_answered_with_a_promise_and_signs_no_tree_head(db):
    sequence_and_sign()  # the empty log's head
    heads = TreeHead.objects.count()

    submitted = make_alert()
    promise = promise_for(submitted.proof_entry)

    _audited_once(submitted)
    assert TreeHead.objects.count() == heads
    assert ProofEntry.objects.get(pk=submitted.proof_entry.pk).leaf_index is None
    checked = verify_promise(receipt_file(promise))
    assert checked.digest == submitted.proof_entry.digest
    assert set(promise) == {"version", "entry", "promise", "public_key"}
    assert promise_for(submitted.proof_entry) == promise  # Ed25519 is deterministic


def test_merge_by_is_the_configured_delay_after_the_entry(db, settings):
    settings.PROOFS_MERGE_DELAY = 7
    entry = append(kind="alert.received", payload={"n": 1})
    promise = promise_for(entry)
    recorded = parse_time(promise["entry"]["recorded_at"])
    assert parse_time(promise["promise"]["merge_by"]) - recorded == timedelta(seconds=7)
    assert promise["promise"]["merge_by"] == format_time(ProofEntry.objects.get().merge_by)


def test_the_promise_becomes_a_receipt_once_the_signer_merged_it(db):
    submitted = make_alert()
    assert "promise" in proof_for(submitted.proof_entry)

    head = sequence_and_sign()

    entry = ProofEntry.objects.get(pk=submitted.proof_entry.pk)
    receipt = proof_for(entry)
    assert verify_receipt(receipt_file(receipt)).leaf_index == entry.leaf_index == 0
    assert receipt["tree_head"]["tree_size"] == head.tree_size
    assert head.timestamp <= entry.merge_by
    assert receipt == receipt_for(entry)


def test_the_signer_merges_the_nearest_promise_first_and_signs_each_batch(db, settings):
    settings.PROOFS_MERGE_DELAY = 3600
    late = append(kind="message.received", payload={"n": "late"})
    settings.PROOFS_MERGE_DELAY = 1
    soon = append(kind="message.received", payload={"n": "soon"})

    sequence_and_sign(batch=1)

    assert ProofEntry.objects.get(pk=soon.pk).leaf_index == 0
    assert ProofEntry.objects.get(pk=late.pk).leaf_index == 1
    # A head per batch: the promise due first is merged without waiting for the backlog.
    sizes = list(TreeHead.objects.order_by("tree_size").values_list("tree_size", flat=True))
    assert sizes == [1, 2]


def test_a_rolled_back_transaction_leaves_the_log_as_it_was(db):
    make_alert()
    sequence_and_sign()
    before = (
        LogState.objects.values_list("tree_size", "frontier", "signed_size").get(pk=1),
        TreeHead.objects.count(),
        TreeNode.objects.count(),
        ProofEntry.objects.count(),
        ProofEntry.objects.filter(alert__isnull=False).count(),
    )

    class Crash(Exception):
        pass

    school = SchoolFactory()
    with pytest.raises(Crash), transaction.atomic():
        make_alert(school)
        raise Crash

    after = (
        LogState.objects.values_list("tree_size", "frontier", "signed_size").get(pk=1),
        TreeHead.objects.count(),
        TreeNode.objects.count(),
        ProofEntry.objects.count(),
        ProofEntry.objects.filter(alert__isnull=False).count(),
    )
    assert after == before
    assert sequence_and_sign() is None


def _hold_the_log(locked: threading.Event, release: threading.Event) -> None:
    try:
        with transaction.atomic():
            LogState.objects.select_for_update().get(pk=1)
            locked.set()
            release.wait(LOCK_HELD_SECONDS)
    finally:
        connection.close()


# SQLite has one writer at a time: no other round can hold the log's lock meanwhile.
@pytest.mark.only_on("postgresql")
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
                submitted = make_alert(school)
                outcome.append((submitted, promise_for(submitted.proof_entry)))
            finally:
                connection.close()

        submitter = threading.Thread(target=submit)
        submitter.start()
        submitter.join(LOCK_HELD_SECONDS / 2)
        assert not submitter.is_alive(), "the alert waited for the log's lock"
    finally:
        release.set()
        holder.join()
    submitted, promise = outcome[0]
    _audited_once(submitted)
    verify_promise(receipt_file(promise))
    receipt = receipt_for(submitted.proof_entry)  # after the commit, now that the log is free
    verify_receipt(receipt_file(receipt))
    assert json.loads(receipt_file(receipt))["leaf_index"] == 0


def test_a_broken_signing_key_does_not_cost_the_alert(client, db, monkeypatch):
    """A key that is not Ed25519 (a configuration error) fails every signature: the alert, its
    audit row and its entry are stored all the same, and the page after the form shows the
    receipt code, without a proof to download; the mailbox gives the promise once the key is
    mended."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    from relais.proofs import signing
    from tests.public.conftest import form_data

    wrong = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    school = SchoolFactory()
    monkeypatch.setenv("RELAIS_SIGNING_KEY", wrong.decode())
    signing.private_key.cache_clear()
    try:
        page = client.post("/form/", form_data(school), follow=True)
    finally:
        signing.private_key.cache_clear()
    assert page.status_code == 200
    assert page.context["receipt"] and page.context["proof"] is None
    alert = Alert.objects.get()
    assert AuditEvent.objects.filter(action="alert.submitted", object_id=str(alert.pk)).exists()
    [entry] = ProofEntry.objects.filter(alert=alert)
    monkeypatch.delenv("RELAIS_SIGNING_KEY")
    verify_promise(receipt_file(proof_for(entry)))  # with the key mended
