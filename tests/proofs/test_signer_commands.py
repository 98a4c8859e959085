"""The signer by hand: one round of `issue_tree_head`, and one round of the worker, which signs
then time-stamps."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from relais.proofs.models import TreeHead
from relais.proofs.services import append


def test_issue_tree_head_signs_what_is_pending(db):
    append(kind="alert.received", payload={"n": 1})
    out = StringIO()
    call_command("issue_tree_head", stdout=out)
    assert TreeHead.objects.filter(tree_size=1).exists()
    assert "'tree_size': 1" in out.getvalue()
    call_command("issue_tree_head", stdout=out)
    assert "No new entries" in out.getvalue()
    assert TreeHead.objects.count() == 1


def test_one_round_of_the_signer_signs_and_time_stamps(local_tsa, db):
    append(kind="alert.received", payload={"n": 1})
    call_command("worker", "--once", stdout=StringIO())
    head = TreeHead.objects.get(tree_size=1)
    assert head.timestamp_token
