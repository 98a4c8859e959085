"""Proof-worthy events of the alerts app append one entry each, in the event's transaction."""

from __future__ import annotations

import pytest
from django.db import transaction

from relais.alerts.services import post_reporter_message, set_consent
from relais.proofs.models import ProofEntry
from relais.proofs.receipts import entries_for_alert, proofs_for_alert, receipt_file
from relais.proofs.services import sequence_and_sign
from relais.proofs.verify import verify_promise, verify_receipt
from tests.factories import make_alert


def test_an_alert_a_message_and_a_consent_each_append_one_entry(submitted):
    post_reporter_message(alert=submitted.alert, body="Encore aujourd'hui.")
    set_consent(alert=submitted.alert, escalation=True, reveal_identity=False)
    kinds = [entry.kind for entry in entries_for_alert(submitted.alert)]
    assert kinds == ["alert.received", "message.received", "consent.changed"]


def test_an_entry_holds_no_content_of_the_event(submitted):
    entry = entries_for_alert(submitted.alert)[0]
    row = ProofEntry.objects.filter(pk=entry.pk).values().get()
    # The row's `alert` column, outside the log (in no leaf, no public answer), is the only one
    # that names the alert: it is how the mailbox finds its receipts.
    assert row.pop("alert_id") == submitted.alert.pk
    stored = " ".join(str(v) for v in row.values())
    assert submitted.alert.description not in stored
    assert str(submitted.alert.pk) not in stored
    assert len(entry.digest) == 64


def test_an_event_rolled_back_leaves_no_entry(submitted):
    before = ProofEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        post_reporter_message(alert=submitted.alert, body="Perdu.")
        raise RuntimeError
    assert ProofEntry.objects.count() == before


def test_the_reporters_proofs_are_those_of_their_alert_only(submitted, fr_school):
    """Promises before the signer merged the entries, receipts after: each of the alert's own."""
    other = make_alert(fr_school)
    post_reporter_message(alert=other.alert, body="Autre signalement.")
    for check in (verify_promise, verify_receipt):
        mine = proofs_for_alert(submitted.alert)
        theirs = proofs_for_alert(other.alert)
        assert [r["entry"]["kind"] for r in mine] == ["alert.received"]
        assert [r["entry"]["kind"] for r in theirs] == ["alert.received", "message.received"]
        digests = {r["entry"]["digest"] for r in theirs}
        assert not digests & {r["entry"]["digest"] for r in mine}
        for proof in mine + theirs:
            check(receipt_file(proof))
        sequence_and_sign()
