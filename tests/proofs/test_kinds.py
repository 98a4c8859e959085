"""Proof kinds are choices (relais.proofs.kinds.ProofKind) whose values are signed: pinned here
byte for byte, refused by `append` when not a member, each with the reader's words."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import translation

from relais.proofs import merkle
from relais.proofs.formats import entry_bytes, format_time
from relais.proofs.kinds import ProofKind, kind_label
from relais.proofs.models import ProofEntry
from relais.proofs.services import append

RELAIS = Path(__file__).resolve().parents[2] / "relais"

# Every kind ever appended, as the leaf bytes of stored receipts spell it.
SIGNED = [
    "alert.received",
    "message.received",
    "consent.changed",
    "notice.sent",
    "notice.acknowledged",
    "evidence.sealed",
    "evidence.withdrawn",
    "evidence.imported",
    "evidence.link_captured",
    "evidence.participant_role",
    "evidence.occurred_at_corrected",
    "document.generated",
    "case.opened",
    "case.step_recorded",
    "case.closed",
    "referral.sent",
    "referral.answered",
    "referral.resent",
]


def test_the_values_are_the_signed_strings():
    assert sorted(ProofKind.values) == sorted(SIGNED)


@pytest.mark.django_db
def test_a_kind_that_is_not_a_member_is_refused_and_nothing_is_written():
    for kind in ("alert.recieved", "notice.Sent", "evidence.sealed "):
        with pytest.raises(ValueError, match="ProofKind"), transaction.atomic():
            append(kind=kind, payload={"x": 1})
    assert ProofEntry.objects.count() == 0


@pytest.mark.django_db
def test_a_member_is_stored_and_signed_as_its_plain_string():
    with transaction.atomic():
        entry = append(kind=ProofKind.NOTICE_SENT, payload={"x": 1})
    stored = ProofEntry.objects.get(pk=entry.pk)
    assert type(stored.kind) is str and stored.kind == "notice.sent"
    leaf = entry_bytes("notice.sent", stored.digest, format_time(stored.recorded_at))
    assert bytes(stored.leaf_hash) == merkle.leaf_hash(leaf)
    # The plain string of a member is accepted too (what older callers and tests pass).
    with transaction.atomic():
        assert append(kind="notice.sent", payload={"x": 2}).kind == "notice.sent"


def _appended_kinds() -> list[tuple[str, ast.expr]]:
    """The `kind=` of every call to the proof log's append, in every module of relais/."""
    found = []
    for path in sorted(RELAIS.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", "")
            if name not in ("append", "append_proof"):
                continue
            for keyword in node.keywords:
                if keyword.arg == "kind":
                    where = f"{path.relative_to(RELAIS.parent)}:{node.lineno}"
                    found.append((where, keyword.value))
    return found


def test_every_kind_appended_is_a_member_named_in_the_code():
    """A member, never a string: a typo would otherwise reach the signed bytes at run time."""
    found = _appended_kinds()
    assert len(found) >= 12, "the scan finds the appends"
    literals = [
        where
        for where, value in found
        if not (
            isinstance(value, ast.Attribute)
            and isinstance(value.value, ast.Name)
            and value.value.id == "ProofKind"
            and value.attr in ProofKind.names
        )
    ]
    assert literals == []


def test_each_kind_is_appended_by_one_function_of_an_apps_proof_events_module():
    """The convention of docs/proofs.md: payloads are built in `relais/<app>/proof_events.py`,
    one function per kind, and nowhere else."""
    found = _appended_kinds()
    elsewhere = [
        where for where, _value in found if not where.split(":")[0].endswith("/proof_events.py")
    ]
    assert elsewhere == []
    appended = [getattr(value, "attr", None) for _where, value in found]
    assert sorted(appended) == sorted(ProofKind.names), "one append per kind"


def test_every_kind_has_words_in_each_language():
    for kind in ProofKind:
        with translation.override("en"):
            english = str(kind_label(kind.value))
        assert english != kind.value
        for language in ("fr", "nl"):
            with translation.override(language):
                assert str(kind_label(kind.value)) != english, f"{kind.value} in {language}"


def test_a_kind_this_version_does_not_name_reads_as_its_code():
    assert kind_label("evidence.future_kind") == "evidence.future_kind"
