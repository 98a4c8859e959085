"""An entry's `alert` column says which alert it concerns, for the reporter's mailbox, on the
entry's own row so that an append is one INSERT (it replaced the ProofLink table). It is not part
of the log: no public answer carries it; an alert deleted leaves its entries in the log, as the
link's table did; and a database from before the column upgrades with its links, and back."""

from __future__ import annotations

import json
import os

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

from relais.alerts.models import Alert
from relais.alerts.services import post_reporter_message
from relais.proofs.models import ProofEntry
from relais.proofs.receipts import entries_for_alert, proof_for, receipt_file
from relais.proofs.services import root_at, sequence_and_sign
from tests.factories import make_alert

BEFORE = ("proofs", "0005_entry_kind_choices")


def test_an_alerts_entries_are_found_by_their_column(db):
    first = make_alert()
    post_reporter_message(alert=first.alert, body="Ça continue.")
    other = make_alert(first.alert.school)

    found = entries_for_alert(first.alert)

    assert [entry.kind for entry in found] == ["alert.received", "message.received"]
    assert [entry.pk for entry in entries_for_alert(other.alert)] == [other.proof_entry.pk]


def test_deleting_an_alert_leaves_its_entries_in_the_log(db):
    submitted = make_alert()
    kept = make_alert(submitted.alert.school)
    head = sequence_and_sign()
    assert head is not None
    leaf = bytes(submitted.proof_entry.leaf_hash)

    Alert.objects.filter(pk=submitted.alert.pk).delete()

    entry = ProofEntry.objects.get(pk=submitted.proof_entry.pk)
    assert entry.alert_id is None and bytes(entry.leaf_hash) == leaf
    assert root_at(head.tree_size).hex() == head.root_hash
    assert ProofEntry.objects.get(pk=kept.proof_entry.pk).alert_id == kept.alert.pk


def test_no_public_answer_names_the_alert(db):
    submitted = make_alert()
    post_reporter_message(alert=submitted.alert, body="Ça continue.")
    sequence_and_sign()
    client = Client()
    answers = [
        client.get("/api/v1/proofs/tree-head"),
        client.get("/api/v1/proofs/consistency?first=1&second=2"),
        client.get("/api/v1/proofs/public-key"),
    ]
    assert all(answer.status_code == 200 for answer in answers)
    texts = [answer.content.decode() for answer in answers]
    # A receipt goes to whoever holds the alert's mailbox, but may travel further: it names
    # no alert either.
    texts += [receipt_file(proof_for(entry)).decode() for entry in ProofEntry.objects.all()]

    alert = submitted.alert.pk
    for text in texts:
        assert str(alert) not in text and alert.hex not in text
        assert "alert_id" not in text
    entry = json.loads(texts[-1])["entry"]
    assert set(entry) == {"kind", "digest", "recorded_at"}


def _migrate(target: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    executor.loader.build_graph()  # what is applied now
    return executor


def _state_before(executor: MigrationExecutor):
    """The models as the code before the column saw them: every other app at its latest."""
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "proofs"]
    return executor.loader.project_state([*others, BEFORE]).apps


def _old_entry(old, number: int):
    now = timezone.now()
    return old.get_model("proofs", "ProofEntry").objects.create(
        kind="alert.received",
        digest=f"{number:064x}",
        salt=os.urandom(32),
        recorded_at=now,
        leaf_hash=os.urandom(32),
        merge_by=now,
    )


@pytest.mark.django_db(transaction=True)
def test_a_database_with_proof_links_upgrades_and_goes_back():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _state_before(_migrate([BEFORE]))
        school = old.get_model("schools", "School").objects.create(
            name="Athénée Léonie de Waha", code="5678", jurisdiction="be-fwb"
        )
        alert = old.get_model("alerts", "Alert").objects.create(
            school=school, reporter_role="victim", description="Ça dure.", receipt_digest="a" * 64
        )
        linked, alone = _old_entry(old, 1), _old_entry(old, 2)
        old.get_model("proofs", "ProofLink").objects.create(entry=linked, alert=alert)

        _migrate(latest)
        assert ProofEntry.objects.get(pk=linked.pk).alert_id == alert.pk
        assert ProofEntry.objects.get(pk=alone.pk).alert_id is None

        old = _state_before(_migrate([BEFORE]))
        links = old.get_model("proofs", "ProofLink").objects
        assert list(links.values_list("entry_id", "alert_id")) == [(linked.pk, alert.pk)]

        _migrate(latest)
        found = entries_for_alert(Alert.objects.get(pk=alert.pk))
        assert [entry.pk for entry in found] == [linked.pk]
    finally:
        _migrate(latest)  # the next tests find the database as they expect it
