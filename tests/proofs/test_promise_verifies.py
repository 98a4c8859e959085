"""A PROMISE checks out with `relais verify`, which says that it is a promise and not yet an
inclusion; changing any byte of it makes the check fail; openssl alone checks its signature over
the bytes docs/proofs.md spells out."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from relais.proofs import merkle, signing
from relais.proofs.formats import entry_bytes, promise_bytes
from relais.proofs.promises import promise_for
from relais.proofs.services import append
from relais.proofs.verify import check_file
from tests.evidence.conftest import vault  # noqa: F401  (autouse: a temporary vault)
from tests.proofs.verifying import (
    altered,
    another_digit,
    assert_every_byte_matters,
    saved,
    verify,
)

pytestmark = pytest.mark.engine_neutral("sqlite")

# docs/proofs.md, "Checking a promise with openssl".
OPENSSL = """
f=promise.json
jq -r .public_key $f > key.pem
leaf=$( { printf '\\0'; jq -j '.entry|"relais-entry/v1 \\(.kind) \\(.digest) \\(.recorded_at)"' $f; } | sha256sum | cut -d' ' -f1)
printf 'relais-promise/v1 %s %s' "$leaf" "$(jq -r .promise.merge_by $f)" > tbs.bin
jq -r .promise.signature $f | base64 -d > sig.bin
openssl pkeyutl -verify -rawin -pubin -inkey key.pem -in tbs.bin -sigfile sig.bin
"""  # noqa: E501


def shell(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-ec", script], cwd=cwd, capture_output=True, text=True)


@pytest.fixture
def promise(db) -> dict:
    append(kind="alert.received", payload={"n": 0})
    return promise_for(append(kind="message.received", payload=b"hello"))


def test_relais_verify_says_a_promise_is_not_yet_an_inclusion(promise, tmp_path):
    done = verify(str(saved(promise, tmp_path / "promise.json")))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("VALID promise, not yet a proof of inclusion.")
    assert promise["entry"]["digest"] in done.stdout
    assert f"by {promise['promise']['merge_by']}" in done.stdout
    assert f"key id is {promise['promise']['key_id']}" in done.stdout


def test_changing_any_byte_of_a_promise_makes_it_invalid(promise, tmp_path):
    assert_every_byte_matters(promise, tmp_path / "promise.json")


@pytest.mark.parametrize(
    ("where", "field", "reason"),
    [
        ("entry", "digest", "the promise's signature does not verify"),
        ("entry", "recorded_at", "the promise's signature does not verify"),
        ("promise", "merge_by", "the promise's signature does not verify"),
    ],
)
def test_a_changed_entry_or_date_breaks_the_signature(promise, tmp_path, where, field, reason):
    changed = altered(promise)
    changed[where][field] = another_digit(changed[where][field])
    done = verify(str(saved(changed, tmp_path / "promise.json")))
    assert done.returncode == 1
    assert done.stderr.strip() == f"INVALID: {reason}"


def test_a_promise_to_merge_before_the_entry_existed_is_refused(promise, tmp_path):
    """Even signed by the installation's own key: such a promise says nothing."""
    changed = altered(promise)
    changed["promise"]["merge_by"] = "2000-01-01T00:00:00.000Z"
    entry = changed["entry"]
    leaf = merkle.leaf_hash(entry_bytes(entry["kind"], entry["digest"], entry["recorded_at"]))
    signed = promise_bytes(leaf.hex(), changed["promise"]["merge_by"])
    changed["promise"]["signature"] = signing.sign(signed)
    code, text = check_file(str(saved(changed, tmp_path / "promise.json")))
    assert (code, text) == (1, "INVALID: promise.merge_by is before the entry was recorded")


def test_a_promise_pinned_to_an_authority_root_is_refused(promise, tmp_path, tsa_files):
    path = saved(promise, tmp_path / "promise.json")
    done = verify("--tsa-ca", str(tsa_files / "ca.crt"), str(path))
    assert done.returncode == 1
    assert "a promise has no time-stamp token" in done.stderr


def test_openssl_pkeyutl_checks_the_promise_signature(promise, tmp_path):
    saved(promise, tmp_path / "promise.json")
    done = shell(OPENSSL, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Signature Verified Successfully" in done.stdout
    assert (tmp_path / "tbs.bin").read_bytes().startswith(b"relais-promise/v1 ")


def test_openssl_pkeyutl_refuses_a_promise_with_another_merge_by(promise, tmp_path):
    changed = altered(promise)
    merge_by = changed["promise"]["merge_by"]
    changed["promise"]["merge_by"] = str(int(merge_by[:4]) + 1) + merge_by[4:]  # a year later
    saved(changed, tmp_path / "promise.json")
    done = shell(OPENSSL, tmp_path)
    assert done.returncode != 0
    assert "Signature Verification Failure" in done.stdout + done.stderr


def test_the_owners_promise_of_a_file_checks_the_file(submitted, tmp_path):
    """An evidence item's promise, for its owner, carries the opening: `--file` checks it."""
    from tests.documents.conftest import add_item, jpeg

    content = jpeg()
    item = add_item(submitted.alert, content, "capture.jpg")
    promise = promise_for(item.proof_entry, owner=True)
    assert promise["opening"]["payload"]["sha256"] == item.sha256
    path, original = saved(promise, tmp_path / "promise.json"), tmp_path / "capture.jpg"
    original.write_bytes(content)
    done = verify(str(path), "--file", str(original))
    assert done.returncode == 0, done.stderr
    assert "VALID promise" in done.stdout and "is the file" in done.stdout
    original.write_bytes(content + b"x")
    done = verify(str(path), "--file", str(original))
    assert done.returncode == 1
    assert "not the file" in done.stderr
