"""Checking a receipt offline: no database, no network, no Django.

`relais verify FILE [--file CONTENT]` calls `check_file`; so can anyone with Python, the
`cryptography` and `rfc3161-client` packages and this file:
``python -m relais.proofs.verify FILE [--file CONTENT]``.

FILE is the receipt's JSON, or the receipt's PDF, which carries that JSON as an embedded file
(read here with the standard library alone). When the receipt carries an opening (the owner's
copy: {"salt", "payload"}), SHA-256(salt || canonical payload) must be the entry's digest; with
`--file`, CONTENT's SHA-256 (and size) must be those the payload names.

The receipt is read strictly, so that changing any byte of it is noticed: unknown or missing
fields, uppercase or malformed hex, non-canonical base64 or PEM, a key id that is not the key's,
all make it invalid, as do a wrong inclusion proof, signature or time-stamp token.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from relais.proofs import merkle
from relais.proofs.formats import HEX64_RE, entry_bytes, event_digest, key_id, tree_head_bytes
from relais.proofs.tsa import TokenInfo, verify_token

RECEIPT_KEYS = {"version", "entry", "leaf_index", "inclusion_proof", "tree_head", "public_key"}
ENTRY_KEYS = {"kind", "digest", "recorded_at"}
HEAD_KEYS = {"tree_size", "root_hash", "timestamp", "key_id", "signature"}
KEY_ID_RE = re.compile(r"^[0-9a-f]{16}$")
OPENING_KEYS = {"salt", "payload"}
EMBEDDED_RE = re.compile(rb"/Type\s*/EmbeddedFile\b")


class InvalidReceipt(Exception):
    """The receipt proves nothing; the message says why."""


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
        if self.payload is not None:
            lines.append(
                "The receipt's opening reproduces the entry's digest: the entry covers "
                + json.dumps(self.payload, sort_keys=True, ensure_ascii=False)
                + "."
            )
        return "\n".join(lines)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, value in pairs:
        if name in result:
            raise InvalidReceipt(f"the field {name!r} appears twice")
        result[name] = value
    return result


def _object(value: Any, keys: set[str], optional: set[str], where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidReceipt(f"{where} is not an object")
    missing, unknown = keys - value.keys(), value.keys() - keys - optional
    if missing:
        raise InvalidReceipt(f"{where} lacks {', '.join(sorted(missing))}")
    if unknown:
        raise InvalidReceipt(f"{where} has unknown fields: {', '.join(sorted(unknown))}")
    return value


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise InvalidReceipt(f"{where} is not a string")
    return value


def _integer(value: Any, where: str) -> int:
    if type(value) is not int or value < 0:
        raise InvalidReceipt(f"{where} is not a non-negative integer")
    return value


def _hex(value: Any, where: str) -> bytes:
    if not isinstance(value, str) or not HEX64_RE.match(value):
        raise InvalidReceipt(f"{where} is not 64 lowercase hexadecimal digits")
    return bytes.fromhex(value)


def _base64(value: Any, where: str) -> bytes:
    if not isinstance(value, str):
        raise InvalidReceipt(f"{where} is not a string")
    try:
        decoded = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as error:
        raise InvalidReceipt(f"{where} is not base64") from error
    if base64.b64encode(decoded).decode("ascii") != value:
        raise InvalidReceipt(f"{where} is not in canonical base64")
    return decoded


def _public_key(value: Any) -> Ed25519PublicKey:
    pem = _string(value, "public_key")
    try:
        key = serialization.load_pem_public_key(pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError) as error:
        raise InvalidReceipt("public_key is not a PEM public key") from error
    if not isinstance(key, Ed25519PublicKey):
        raise InvalidReceipt("public_key is not an Ed25519 key")
    canonical = key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")
    if canonical != pem:
        raise InvalidReceipt("public_key is not in canonical PEM form")
    return key


def _opening(value: Any, digest: str) -> dict[str, Any]:
    """The opening's payload, once SHA-256(salt || canonical payload) is the entry's digest."""
    opening = _object(value, OPENING_KEYS, set(), "opening")
    salt = _hex(opening["salt"], "opening.salt")
    payload = opening["payload"]
    if not isinstance(payload, dict):
        raise InvalidReceipt("opening.payload is not an object")
    if event_digest(salt, payload) != digest:
        raise InvalidReceipt("the opening does not reproduce the entry's digest")
    return payload


def embedded_receipt(pdf: bytes) -> bytes:
    """The JSON receipt embedded in a receipt's PDF (the first embedded file that parses as a
    JSON object). A PDF stream's dictionary is always written in the open, so finding it needs
    no PDF library; its data is raw or Flate-compressed."""
    for found in EMBEDDED_RE.finditer(pdf):
        start = pdf.find(b"stream", found.end())
        if start < 0:
            break
        dictionary = pdf[found.start() : start]
        start += len(b"stream")
        start += 2 if pdf[start : start + 2] == b"\r\n" else 1
        end = pdf.find(b"endstream", start)
        try:
            if b"/FlateDecode" in dictionary:
                data = zlib.decompressobj().decompress(pdf[start:], 10 * 1024 * 1024)
            elif b"/Filter" in dictionary:
                continue
            else:
                data = pdf[start:end].rstrip(b"\r\n")
            if isinstance(json.loads(data.decode("utf-8")), dict):
                return data
        except (zlib.error, UnicodeDecodeError, json.JSONDecodeError):
            continue
    raise InvalidReceipt("the PDF carries no receipt (no embedded JSON file)")


def verify_receipt(data: bytes, *, tsa_roots: list[x509.Certificate] | None = None) -> Verified:
    """Check a receipt (its JSON, or its PDF with the JSON embedded); return what it proves,
    or raise InvalidReceipt with the reason."""
    if data.startswith(b"%PDF-"):
        data = embedded_receipt(data)
    try:
        receipt = json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidReceipt(f"the file is not a JSON receipt ({error})") from error
    receipt = _object(receipt, RECEIPT_KEYS, {"opening"}, "the receipt")
    if type(receipt["version"]) is not int or receipt["version"] != 1:
        raise InvalidReceipt("unknown receipt version")
    entry = _object(receipt["entry"], ENTRY_KEYS, set(), "entry")
    head = _object(receipt["tree_head"], HEAD_KEYS, {"timestamp_token"}, "tree_head")
    kind = _string(entry["kind"], "entry.kind")
    digest = _string(entry["digest"], "entry.digest")
    recorded_at = _string(entry["recorded_at"], "entry.recorded_at")
    leaf_index = _integer(receipt["leaf_index"], "leaf_index")
    tree_size = _integer(head["tree_size"], "tree_head.tree_size")
    root = _hex(head["root_hash"], "tree_head.root_hash")
    timestamp = _string(head["timestamp"], "tree_head.timestamp")
    if not isinstance(receipt["inclusion_proof"], list):
        raise InvalidReceipt("inclusion_proof is not a list")
    proof = [_hex(h, "an inclusion proof hash") for h in receipt["inclusion_proof"]]
    key = _public_key(receipt["public_key"])
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    head_key_id = _string(head["key_id"], "tree_head.key_id")
    if not KEY_ID_RE.match(head_key_id) or head_key_id != key_id(raw):
        raise InvalidReceipt("tree_head.key_id is not the id of public_key")
    signature = _base64(head["signature"], "tree_head.signature")
    try:
        leaf = merkle.leaf_hash(entry_bytes(kind, digest, recorded_at))
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
        der = _base64(head["timestamp_token"], "tree_head.timestamp_token")
        try:
            token = verify_token(der, signed, roots=tsa_roots)
        except Exception as error:
            raise InvalidReceipt(f"the time-stamp token is not valid: {error}") from error
    elif tsa_roots:
        raise InvalidReceipt("the receipt has no time-stamp token")
    payload = _opening(receipt["opening"], digest) if "opening" in receipt else None
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
        payload=payload,
    )


def load_roots(path: str | None) -> list[x509.Certificate] | None:
    if not path:
        return None
    return x509.load_pem_x509_certificates(Path(path).read_bytes())


def check_content(verified: Verified, path: str) -> str:
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


def check_file(
    path: str, *, tsa_ca: str | None = None, content: str | None = None
) -> tuple[int, str]:
    """(exit code, text to print): 0 and the summary, or 1 and the reason. Never raises.
    `content`: a file that must be the one the receipt's opening names."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        return 1, f"INVALID: cannot read {path}: {error.strerror}"
    try:
        roots = load_roots(tsa_ca)
    except (OSError, ValueError) as error:
        return 1, f"INVALID: cannot read the authority certificate {tsa_ca}: {error}"
    try:
        verified = verify_receipt(data, tsa_roots=roots)
        lines = [verified.summary()]
        if content is not None:
            lines.append(check_content(verified, content))
        return 0, "\n".join(lines)
    except InvalidReceipt as error:
        return 1, f"INVALID: {error}"
    except Exception as error:
        return 1, f"INVALID: the receipt cannot be read ({type(error).__name__}: {error})"


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    options: dict[str, str] = {}
    while len(args) >= 2 and args[0] in ("--tsa-ca", "--file"):
        options[args[0]], args = args[1], args[2:]
    if len(args) == 3 and args[1] == "--file":
        options["--file"], args = args[2], args[:1]
    if len(args) != 1:
        print("usage: python -m relais.proofs.verify [--tsa-ca CA.pem] RECEIPT [--file CONTENT]")
        return 1
    code, text = check_file(args[0], tsa_ca=options.get("--tsa-ca"), content=options.get("--file"))
    print(text, file=sys.stdout if code == 0 else sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
