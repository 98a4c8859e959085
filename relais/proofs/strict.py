"""Reading a proof strictly, so that changing any byte of it is noticed: duplicate, unknown or
missing fields, uppercase or malformed hex, non-canonical base64 or PEM all make it invalid. No
database, no network, no Django (verify.py's standalone use imports this).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from relais.proofs.formats import HEX64_RE, event_digest

OPENING_KEYS = {"salt", "payload"}
EMBEDDED_RE = re.compile(rb"/Type\s*/EmbeddedFile\b")


class InvalidReceipt(Exception):
    """The receipt (or the promise) proves nothing; the message says why."""


def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, value in pairs:
        if name in result:
            raise InvalidReceipt(f"the field {name!r} appears twice")
        result[name] = value
    return result


def fields(value: Any, keys: set[str], optional: set[str], where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidReceipt(f"{where} is not an object")
    missing, unknown = keys - value.keys(), value.keys() - keys - optional
    if missing:
        raise InvalidReceipt(f"{where} lacks {', '.join(sorted(missing))}")
    if unknown:
        raise InvalidReceipt(f"{where} has unknown fields: {', '.join(sorted(unknown))}")
    return value


def text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise InvalidReceipt(f"{where} is not a string")
    return value


def count(value: Any, where: str) -> int:
    if type(value) is not int or value < 0:
        raise InvalidReceipt(f"{where} is not a non-negative integer")
    return value


def hex64(value: Any, where: str) -> bytes:
    if not isinstance(value, str) or not HEX64_RE.match(value):
        raise InvalidReceipt(f"{where} is not 64 lowercase hexadecimal digits")
    return bytes.fromhex(value)


def b64(value: Any, where: str) -> bytes:
    if not isinstance(value, str):
        raise InvalidReceipt(f"{where} is not a string")
    try:
        decoded = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as error:
        raise InvalidReceipt(f"{where} is not base64") from error
    if base64.b64encode(decoded).decode("ascii") != value:
        raise InvalidReceipt(f"{where} is not in canonical base64")
    return decoded


def ed25519_key(value: Any) -> Ed25519PublicKey:
    pem = text(value, "public_key")
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


def opening_payload(value: Any, digest: str) -> dict[str, Any]:
    """The opening's payload, once SHA-256(salt || canonical payload) is the entry's digest."""
    opening = fields(value, OPENING_KEYS, set(), "opening")
    salt = hex64(opening["salt"], "opening.salt")
    payload = opening["payload"]
    if not isinstance(payload, dict):
        raise InvalidReceipt("opening.payload is not an object")
    if event_digest(salt, payload) != digest:
        raise InvalidReceipt("the opening does not reproduce the entry's digest")
    return payload


def embedded_proofs(pdf: bytes) -> list[bytes]:
    """Every JSON object embedded in a PDF, in the file's order: the proofs it carries (a
    receipt's PDF one, the school's receipt two), or files that claim to be. A PDF stream's
    dictionary is always written in the open, so finding them needs no PDF library; their data is
    raw or Flate-compressed."""
    found: list[bytes] = []
    for match in EMBEDDED_RE.finditer(pdf):
        start = pdf.find(b"stream", match.end())
        if start < 0:
            break
        dictionary = pdf[match.start() : start]
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
                found.append(data)
        except (zlib.error, UnicodeDecodeError, json.JSONDecodeError):
            continue
    if not found:
        raise InvalidReceipt("the PDF carries no receipt (no embedded JSON file)")
    return found


def embedded_receipt(pdf: bytes) -> bytes:
    """The first proof a PDF carries (`relais verify` checks them all: verify.check_file)."""
    return embedded_proofs(pdf)[0]


def load(data: bytes) -> dict[str, Any]:
    """The proof's JSON object, from its file or from the PDF that embeds it; fields that appear
    twice make it invalid (which of the two would a reader trust?)."""
    if data.startswith(b"%PDF-"):
        data = embedded_receipt(data)
    try:
        found = json.loads(data.decode("utf-8"), object_pairs_hook=no_duplicates)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidReceipt(f"the file is not a JSON receipt ({error})") from error
    if not isinstance(found, dict):
        raise InvalidReceipt("the receipt is not an object")
    return found
