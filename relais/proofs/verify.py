"""Checking a RECEIPT or a PROMISE offline: no database, no network, no Django.

`relais verify FILE [--file CONTENT]` calls `check_file`; so can anyone with Python, the
`cryptography` and `rfc3161-client` packages and this package:
``python -m relais.proofs.verify FILE [--file CONTENT]``.

FILE is the proof's JSON, or its PDF, which carries that JSON as an embedded file (read with the
standard library alone); a PDF that carries several (the school's receipt: the notice's and the
acknowledgment's) has each checked and reported, and fails when any fails.

A RECEIPT proves that a signed tree head holds the entry (inclusion proof, signature, time-stamp
token when present); a PROMISE only that the installation received the entry and signed its word
to hold it in a signed tree head by `merge_by`. When the proof carries an opening (the owner's
copy: {"salt", "payload"}), SHA-256(salt || canonical payload) must be the entry's digest; with
`--file`, CONTENT's SHA-256 (and size) must be those the payload names.

Proofs are read strictly (strict.py), so that changing any byte is noticed: unknown or missing
fields, uppercase or malformed hex, non-canonical base64 or PEM, a key id that is not the key's,
all make a proof invalid, as do a wrong inclusion proof, signature or time-stamp token.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from relais.proofs import merkle, strict
from relais.proofs.formats import (
    HEX64_RE,
    entry_bytes,
    key_id,
    parse_time,
    promise_bytes,
    tree_head_bytes,
)
from relais.proofs.strict import InvalidReceipt
from relais.proofs.tsa import TokenInfo, verify_token

RECEIPT_KEYS = {"version", "entry", "leaf_index", "inclusion_proof", "tree_head", "public_key"}
PROMISE_KEYS = {"version", "entry", "promise", "public_key"}
ENTRY_KEYS = {"kind", "digest", "recorded_at"}
HEAD_KEYS = {"tree_size", "root_hash", "timestamp", "key_id", "signature"}
PROMISE_FIELDS = {"merge_by", "key_id", "signature"}
KEY_ID_RE = re.compile(r"^[0-9a-f]{16}$")


def _opening_line(payload: dict[str, Any] | None) -> list[str]:
    if payload is None:
        return []
    covered = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    return [f"The proof's opening reproduces the entry's digest: the entry covers {covered}."]


@dataclass(frozen=True)
class Verified:
    kind: str
    digest: str
    recorded_at: str
    leaf_index: int
    tree_size: int
    root_hash: str
    timestamp: str
    key_id: str
    token: TokenInfo | None
    payload: dict[str, Any] | None = None  # the opening's payload, when the receipt has one

    def summary(self) -> str:
        lines = [
            "VALID receipt.",
            f"An entry of kind {self.kind} with digest {self.digest}, recorded at "
            f"{self.recorded_at}, is leaf {self.leaf_index} of the proof log of the installation "
            f"whose key id is {self.key_id}.",
            f"That log had {self.tree_size} entries (root hash {self.root_hash}) when the "
            f"installation signed it at {self.timestamp}.",
        ]
        if self.token:
            lines.append(
                f"The time-stamping authority {self.token.authority} time-stamped that signed "
                f"tree head at {self.token.gen_time.isoformat()} (token serial "
                f"{self.token.serial_number})."
            )
        else:
            lines.append("The receipt has no time-stamp token: the time is the installation's own.")
        return "\n".join(lines + _opening_line(self.payload))


@dataclass(frozen=True)
class VerifiedPromise:
    kind: str
    digest: str
    recorded_at: str
    merge_by: str
    key_id: str
    payload: dict[str, Any] | None = None  # the opening's payload, when the promise has one

    def summary(self) -> str:
        lines = [
            "VALID promise, not yet a proof of inclusion.",
            f"The installation whose key id is {self.key_id} signed that its proof log received "
            f"an entry of kind {self.kind} with digest {self.digest}, recorded at "
            f"{self.recorded_at}, and will hold it in a signed tree head by {self.merge_by}.",
            "Once that is done, the installation gives the full receipt for the same entry "
            "(download the proof again); a log that never holds the entry broke this signed "
            "promise.",
        ]
        return "\n".join(lines + _opening_line(self.payload))


def _entry(value: Any) -> tuple[str, str, str, bytes]:
    """The entry's kind, digest and time, and its RFC 6962 leaf hash."""
    entry = strict.fields(value, ENTRY_KEYS, set(), "entry")
    kind = strict.text(entry["kind"], "entry.kind")
    digest = strict.text(entry["digest"], "entry.digest")
    recorded_at = strict.text(entry["recorded_at"], "entry.recorded_at")
    try:
        leaf = merkle.leaf_hash(entry_bytes(kind, digest, recorded_at))
    except ValueError as error:
        raise InvalidReceipt(str(error)) from error
    return kind, digest, recorded_at, leaf


def _key(proof: dict[str, Any], given_id: Any, where: str) -> tuple[Ed25519PublicKey, str]:
    key = strict.ed25519_key(proof["public_key"])
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    stated = strict.text(given_id, where)
    if not KEY_ID_RE.match(stated) or stated != key_id(raw):
        raise InvalidReceipt(f"{where} is not the id of public_key")
    return key, stated


def _version(proof: dict[str, Any]) -> None:
    if type(proof["version"]) is not int or proof["version"] != 1:
        raise InvalidReceipt("unknown receipt version")


def _opening(proof: dict[str, Any], digest: str) -> dict[str, Any] | None:
    return strict.opening_payload(proof["opening"], digest) if "opening" in proof else None


def verify_receipt(data: bytes, *, tsa_roots: list[x509.Certificate] | None = None) -> Verified:
    """Check a RECEIPT (its JSON, or its PDF with the JSON embedded); return what it proves,
    or raise InvalidReceipt with the reason."""
    receipt = strict.fields(strict.load(data), RECEIPT_KEYS, {"opening"}, "the receipt")
    _version(receipt)
    kind, digest, recorded_at, leaf = _entry(receipt["entry"])
    head = strict.fields(receipt["tree_head"], HEAD_KEYS, {"timestamp_token"}, "tree_head")
    leaf_index = strict.count(receipt["leaf_index"], "leaf_index")
    tree_size = strict.count(head["tree_size"], "tree_head.tree_size")
    root = strict.hex64(head["root_hash"], "tree_head.root_hash")
    timestamp = strict.text(head["timestamp"], "tree_head.timestamp")
    if not isinstance(receipt["inclusion_proof"], list):
        raise InvalidReceipt("inclusion_proof is not a list")
    proof = [strict.hex64(h, "an inclusion proof hash") for h in receipt["inclusion_proof"]]
    key, head_key_id = _key(receipt, head["key_id"], "tree_head.key_id")
    signature = strict.b64(head["signature"], "tree_head.signature")
    try:
        signed = tree_head_bytes(tree_size, root.hex(), timestamp)
    except ValueError as error:
        raise InvalidReceipt(str(error)) from error
    try:
        computed = merkle.root_from_inclusion(leaf_index, tree_size, leaf, proof)
    except ValueError as error:
        raise InvalidReceipt(f"the inclusion proof does not fit the tree: {error}") from error
    if computed != root:
        raise InvalidReceipt("the inclusion proof does not lead to the signed root hash")
    try:
        key.verify(signature, signed)
    except InvalidSignature as error:
        raise InvalidReceipt("the tree head's signature does not verify") from error
    token = None
    if "timestamp_token" in head:
        der = strict.b64(head["timestamp_token"], "tree_head.timestamp_token")
        try:
            token = verify_token(der, signed, roots=tsa_roots)
        except Exception as error:
            raise InvalidReceipt(f"the time-stamp token is not valid: {error}") from error
    elif tsa_roots:
        raise InvalidReceipt("the receipt has no time-stamp token")
    return Verified(
        kind=kind,
        digest=digest,
        recorded_at=recorded_at,
        leaf_index=leaf_index,
        tree_size=tree_size,
        root_hash=root.hex(),
        timestamp=timestamp,
        key_id=head_key_id,
        token=token,
        payload=_opening(receipt, digest),
    )


def verify_promise(data: bytes) -> VerifiedPromise:
    """Check a PROMISE: the signature over `relais-promise/v1 <leaf_hash> <merge_by>`, where the
    leaf hash is computed from the entry the promise carries (so a changed entry breaks the
    signature), and the opening when there is one. Return what it proves, or raise."""
    promise = strict.fields(strict.load(data), PROMISE_KEYS, {"opening"}, "the promise")
    _version(promise)
    kind, digest, recorded_at, leaf = _entry(promise["entry"])
    word = strict.fields(promise["promise"], PROMISE_FIELDS, set(), "promise")
    merge_by = strict.text(word["merge_by"], "promise.merge_by")
    key, stated_id = _key(promise, word["key_id"], "promise.key_id")
    signature = strict.b64(word["signature"], "promise.signature")
    try:
        signed = promise_bytes(leaf.hex(), merge_by)
    except ValueError as error:
        raise InvalidReceipt(f"promise.merge_by: {error}") from error
    if parse_time(merge_by) < parse_time(recorded_at):
        raise InvalidReceipt("promise.merge_by is before the entry was recorded")
    try:
        key.verify(signature, signed)
    except InvalidSignature as error:
        raise InvalidReceipt("the promise's signature does not verify") from error
    return VerifiedPromise(
        kind=kind,
        digest=digest,
        recorded_at=recorded_at,
        merge_by=merge_by,
        key_id=stated_id,
        payload=_opening(promise, digest),
    )


def verify_proof(
    data: bytes, *, tsa_roots: list[x509.Certificate] | None = None
) -> Verified | VerifiedPromise:
    """A RECEIPT or a PROMISE, told apart by its "promise" field (api.md: an answer may carry
    either); a promise proves less, and a pinned authority root asks for a token it cannot
    have."""
    if "promise" not in strict.load(data):
        return verify_receipt(data, tsa_roots=tsa_roots)
    if tsa_roots:
        raise InvalidReceipt("a promise has no time-stamp token (only the receipt will)")
    return verify_promise(data)


def load_roots(path: str | None) -> list[x509.Certificate] | None:
    if not path:
        return None
    return x509.load_pem_x509_certificates(Path(path).read_bytes())


def check_content(verified: Verified | VerifiedPromise, path: str) -> str:
    """That the file at `path` is the one the opening names (its SHA-256, and its size when
    named); the sentence that says so, or InvalidReceipt with the reason."""
    if verified.payload is None:
        raise InvalidReceipt(
            "the receipt has no opening, so it names no file: only the owner's copy can be "
            "checked against a file"
        )
    named = verified.payload.get("sha256")
    if not isinstance(named, str) or not HEX64_RE.match(named):
        raise InvalidReceipt("the receipt's opening names no file")
    digest, size = hashlib.sha256(), 0
    try:
        with open(path, "rb") as content:
            while chunk := content.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    except OSError as error:
        raise InvalidReceipt(f"cannot read {path}: {error.strerror}") from error
    if digest.hexdigest() != named or verified.payload.get("size", size) != size:
        raise InvalidReceipt(
            f"{path} is not the file this receipt names: its SHA-256 is {digest.hexdigest()} "
            f"({size} bytes), the receipt names {named}"
        )
    return (
        f"{path} is the file this entry names (SHA-256 {named}, {size} bytes): it has not "
        "changed since the entry was recorded."
    )


def _check_one(
    data: bytes, roots: list[x509.Certificate] | None, content: str | None
) -> tuple[int, str]:
    try:
        verified = verify_proof(data, tsa_roots=roots)
        lines = [verified.summary()]
        if content is not None:
            lines.append(check_content(verified, content))
        return 0, "\n".join(lines)
    except InvalidReceipt as error:
        return 1, f"INVALID: {error}"
    except Exception as error:
        return 1, f"INVALID: the receipt cannot be read ({type(error).__name__}: {error})"


def _check_each(results: list[tuple[int, str]]) -> tuple[int, str]:
    """What several proofs of one PDF say: a first line for the whole (invalid when any is), then
    each proof's own text, numbered in the file's order."""
    count = len(results)
    failed = [str(number) for number, (code, _) in enumerate(results, 1) if code]
    if not failed:
        head = f"VALID: the {count} proofs this PDF carries all verify."
    elif len(failed) == 1:
        head = f"INVALID: proof {failed[0]} of the {count} this PDF carries fails."
    else:
        head = f"INVALID: proofs {', '.join(failed)} of the {count} this PDF carries fail."
    blocks = [f"Proof {n} of {count}: {text}" for n, (_, text) in enumerate(results, 1)]
    return (1 if failed else 0), "\n\n".join([head, *blocks])


def check_file(
    path: str, *, tsa_ca: str | None = None, content: str | None = None
) -> tuple[int, str]:
    """(exit code, text to print): 0 and the summary, or 1 and the reason. Never raises.
    `content`: a file that must be the one the proof's opening names. A PDF that carries several
    proofs (the school's receipt) has each checked and reported, `content` against each; any that
    fails makes the whole fail."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        return 1, f"INVALID: cannot read {path}: {error.strerror}"
    try:
        roots = load_roots(tsa_ca)
    except (OSError, ValueError) as error:
        return 1, f"INVALID: cannot read the authority certificate {tsa_ca}: {error}"
    try:
        proofs = strict.embedded_proofs(data) if data.startswith(b"%PDF-") else [data]
    except InvalidReceipt as error:
        return 1, f"INVALID: {error}"
    results = [_check_one(proof, roots, content) for proof in proofs]
    return results[0] if len(results) == 1 else _check_each(results)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    options: dict[str, str] = {}
    while len(args) >= 2 and args[0] in ("--tsa-ca", "--file"):
        options[args[0]], args = args[1], args[2:]
    if len(args) == 3 and args[1] == "--file":
        options["--file"], args = args[2], args[:1]
    if len(args) != 1:
        print("usage: python -m relais.proofs.verify [--tsa-ca CA.pem] PROOF [--file CONTENT]")
        return 1
    code, text = check_file(args[0], tsa_ca=options.get("--tsa-ca"), content=options.get("--file"))
    print(text, file=sys.stdout if code == 0 else sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
