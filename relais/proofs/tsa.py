"""RFC 3161 time-stamp tokens: asking an authority for one, and checking one offline.

A token is kept as the DER TimeStampToken (the CMS SignedData), the thing `openssl ts -verify
-token_in` reads. Checking it needs no network: the token carries the authority's certificate;
its signature is checked against that certificate here (a small CMS reader, because the token
usually does not carry the root), and against a pinned root with rfc3161-client when one is given.
No Django here: ``relais verify`` imports this module.
"""

from __future__ import annotations

import hashlib
import urllib.request
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from rfc3161_client import (
    HashAlgorithm,
    PKIStatus,
    TimestampRequestBuilder,
    TimeStampResponse,
    VerificationError,
    VerifierBuilder,
    decode_timestamp_response,
)

OID_SHA256 = "2.16.840.1.101.3.4.2.1"
HASHES: dict[str, hashes.HashAlgorithm] = {
    OID_SHA256: hashes.SHA256(),
    "2.16.840.1.101.3.4.2.2": hashes.SHA384(),
    "2.16.840.1.101.3.4.2.3": hashes.SHA512(),
}
OID_CONTENT_TYPE = "1.2.840.113549.1.9.3"
OID_MESSAGE_DIGEST = "1.2.840.113549.1.9.4"
OID_TST_INFO = "1.2.840.113549.1.9.16.1.4"
OID_SIGNED_DATA = "1.2.840.113549.1.7.2"
OID_SIGNING_CERTIFICATE = "1.2.840.113549.1.9.16.2.12"  # ESS, SHA-1 certificate hash
OID_SIGNING_CERTIFICATE_V2 = "1.2.840.113549.1.9.16.2.47"  # ESS, SHA-256 by default
# The signature algorithms a signer may name, per key type and digest; anything else is refused
# so that no unsigned field of the token can be changed without the check failing.
SIGNATURE_OIDS = {
    ("ec", OID_SHA256): {"1.2.840.10045.4.3.2"},
    ("ec", "2.16.840.1.101.3.4.2.2"): {"1.2.840.10045.4.3.3"},
    ("ec", "2.16.840.1.101.3.4.2.3"): {"1.2.840.10045.4.3.4"},
    ("rsa", OID_SHA256): {"1.2.840.113549.1.1.1", "1.2.840.113549.1.1.11"},
    ("rsa", "2.16.840.1.101.3.4.2.2"): {"1.2.840.113549.1.1.1", "1.2.840.113549.1.1.12"},
    ("rsa", "2.16.840.1.101.3.4.2.3"): {"1.2.840.113549.1.1.1", "1.2.840.113549.1.1.13"},
    ("ed25519", OID_SHA256): {"1.3.101.112"},
    ("ed25519", "2.16.840.1.101.3.4.2.3"): {"1.3.101.112"},
}


class TokenError(Exception):
    """The token is malformed, not over these bytes, or its signature does not hold."""


@dataclass(frozen=True)
class TokenInfo:
    gen_time: datetime
    authority: str  # the signing certificate's subject
    serial_number: int


# --- Asking -------------------------------------------------------------------------------------


def request_token(url: str, data: bytes, *, timeout: float) -> bytes:
    """Ask one authority for a token over SHA-256(data); return it checked, or raise."""
    request = TimestampRequestBuilder().data(data).hash_algorithm(HashAlgorithm.SHA256).build()
    http = urllib.request.Request(  # noqa: S310 - the operator configures the URL
        url,
        data=request.as_bytes(),
        headers={"Content-Type": "application/timestamp-query"},
        method="POST",
    )
    with urllib.request.urlopen(http, timeout=timeout) as answer:  # noqa: S310
        body = answer.read(1024 * 1024)
    try:
        response = decode_timestamp_response(body)
    except ValueError as error:
        raise TokenError(f"not a time-stamp response: {error}") from error
    if response.status not in (PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS):
        raise TokenError(f"the authority refused: status {response.status}")
    if request.nonce is not None and response.tst_info.nonce != request.nonce:
        raise TokenError("the authority answered another request (nonce)")
    token = response.time_stamp_token()
    verify_token(token, data)
    return token


# --- Checking -----------------------------------------------------------------------------------


def _der_length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def as_response(token: bytes) -> TimeStampResponse:
    """Wrap a bare token in a granted TimeStampResp, the form rfc3161-client reads."""
    status = bytes.fromhex("3003020100")
    body = status + token
    try:
        return decode_timestamp_response(b"\x30" + _der_length(len(body)) + body)
    except ValueError as error:
        raise TokenError(f"not a time-stamp token: {error}") from error


def _tlv(data: bytes, pos: int) -> tuple[int, int, int]:
    """(tag, start of value, end of value) of the DER element at pos."""
    if pos + 2 > len(data):
        raise TokenError("truncated token")
    tag, first = data[pos], data[pos + 1]
    pos += 2
    if first < 0x80:
        length = first
    else:
        count = first & 0x7F
        if count == 0 or count > 4 or pos + count > len(data):
            raise TokenError("bad length in token")
        length = int.from_bytes(data[pos : pos + count], "big")
        pos += count
    if pos + length > len(data):
        raise TokenError("truncated token")
    return tag, pos, pos + length


def _children(data: bytes, start: int, end: int) -> list[tuple[int, int, int, int]]:
    """(tag, element start, value start, value end) of each element in data[start:end]."""
    out = []
    while start < end:
        tag, value_start, value_end = _tlv(data, start)
        out.append((tag, start, value_start, value_end))
        start = value_end
    return out


def _oid(value: bytes) -> str:
    if not value:
        raise TokenError("empty object identifier")
    parts = [value[0] // 40, value[0] % 40] if value[0] < 80 else [2, value[0] - 80]
    current = 0
    for byte in value[1:]:
        current = (current << 7) | (byte & 0x7F)
        if not byte & 0x80:
            parts.append(current)
            current = 0
    return ".".join(str(p) for p in parts)


@dataclass(frozen=True)
class _Signer:
    content: bytes  # the TSTInfo DER
    digest_oid: str
    signature_oid: str
    signed_attrs: bytes  # DER, re-tagged as a SET: what was signed
    message_digest: bytes
    content_type: str
    cert_hash: tuple[str, bytes]  # (hash algorithm OID, hash of the signing certificate)
    signature: bytes


def _algorithm(token: bytes, start: int, end: int) -> str:
    """An AlgorithmIdentifier's OID; its parameters must be absent or NULL."""
    fields = _children(token, start, end)
    if not fields or fields[0][0] != 0x06 or len(fields) > 2:
        raise TokenError("bad algorithm identifier in token")
    if len(fields) == 2 and token[fields[1][1] : fields[1][3]] != b"\x05\x00":
        raise TokenError("unexpected algorithm parameters in token")
    return _oid(token[fields[0][2] : fields[0][3]])


def _ess_cert_hash(token: bytes, oid: str, start: int, end: int) -> tuple[str, bytes]:
    certs = _children(token, start, end)[0]  # SEQUENCE OF ESSCertID(v2)
    first = _children(token, certs[2], certs[3])[0]
    fields = _children(token, first[2], first[3])
    algorithm = "1.3.14.3.2.26" if oid == OID_SIGNING_CERTIFICATE else OID_SHA256
    if fields[0][0] == 0x30:
        algorithm = _algorithm(token, fields[0][2], fields[0][3])
        fields = fields[1:]
    if fields[0][0] != 0x04:
        raise TokenError("bad signing certificate attribute in token")
    return algorithm, token[fields[0][2] : fields[0][3]]


def _parse_signed_data(token: bytes) -> _Signer:
    tag, start, end = _tlv(token, 0)
    info = _children(token, start, end)
    if tag != 0x30 or end != len(token) or len(info) != 2 or info[1][0] != 0xA0:
        raise TokenError("the token is not CMS signed data")
    if _oid(token[info[0][2] : info[0][3]]) != OID_SIGNED_DATA:
        raise TokenError("the token is not CMS signed data")
    _, inner_start, inner_end = _tlv(token, info[1][2])
    fields = _children(token, inner_start, inner_end)
    tags = [f[0] for f in fields]
    if tags not in ([0x02, 0x31, 0x30, 0xA0, 0x31], [0x02, 0x31, 0x30, 0x31]):
        raise TokenError("the token's signed data is not of the expected form")
    if token[fields[0][2] : fields[0][3]] != b"\x03":
        raise TokenError("the token's signed data has an unexpected version")
    digest_algorithms = [
        _algorithm(token, f[2], f[3]) for f in _children(token, fields[1][2], fields[1][3])
    ]
    encap = _children(token, fields[2][2], fields[2][3])
    if len(encap) != 2 or _oid(token[encap[0][2] : encap[0][3]]) != OID_TST_INFO:
        raise TokenError("the token does not hold a TSTInfo")
    _, octets_start, octets_end = _tlv(token, encap[1][2])
    content = token[octets_start:octets_end]
    signers = _children(token, fields[-1][2], fields[-1][3])
    if len(signers) != 1:
        raise TokenError("the token must have exactly one signer")
    parts = _children(token, signers[0][2], signers[0][3])
    if [p[0] for p in parts[:6]] != [0x02, 0x30, 0x30, 0xA0, 0x30, 0x04] or len(parts) > 7:
        raise TokenError("the token's signer is not of the expected form")
    if token[parts[0][2] : parts[0][3]] != b"\x01":
        raise TokenError("the token's signer has an unexpected version")
    digest_oid = _algorithm(token, parts[2][2], parts[2][3])
    if digest_algorithms != [digest_oid]:
        raise TokenError("the token's digest algorithms disagree")
    signature_oid = _algorithm(token, parts[4][2], parts[4][3])
    attrs_der = b"\x31" + token[parts[3][1] + 1 : parts[3][3]]
    message_digest, content_type, cert_hash = b"", "", ("", b"")
    for _tag, _s, attr_start, attr_end in _children(token, parts[3][2], parts[3][3]):
        oid_el, values = _children(token, attr_start, attr_end)
        oid = _oid(token[oid_el[2] : oid_el[3]])
        value = _children(token, values[2], values[3])[0]
        if oid == OID_MESSAGE_DIGEST:
            message_digest = token[value[2] : value[3]]
        elif oid == OID_CONTENT_TYPE:
            content_type = _oid(token[value[2] : value[3]])
        elif oid in (OID_SIGNING_CERTIFICATE, OID_SIGNING_CERTIFICATE_V2):
            cert_hash = _ess_cert_hash(token, oid, value[2], value[3])
    signature = token[parts[5][2] : parts[5][3]]
    return _Signer(
        content,
        digest_oid,
        signature_oid,
        attrs_der,
        message_digest,
        content_type,
        cert_hash,
        signature,
    )


# ESS v1 names the certificate by its SHA-1 hash; it identifies, the signature protects.
CERT_HASHES: dict[str, hashes.HashAlgorithm] = {
    "1.3.14.3.2.26": hashes.SHA1(),  # noqa: S303
    **HASHES,
}


def _check_signature(certificate: x509.Certificate, signer: _Signer) -> None:
    algorithm = HASHES.get(signer.digest_oid)
    if algorithm is None:
        raise TokenError(f"unsupported digest algorithm {signer.digest_oid}")
    digest = hashes.Hash(algorithm)
    digest.update(signer.content)
    if signer.content_type != OID_TST_INFO or digest.finalize() != signer.message_digest:
        raise TokenError("the token's signed attributes do not match its content")
    # RFC 3161 binds the authority's certificate to the signature through its hash (ESS).
    cert_algorithm = CERT_HASHES.get(signer.cert_hash[0])
    if cert_algorithm is None or certificate.fingerprint(cert_algorithm) != signer.cert_hash[1]:
        raise TokenError("the token's signing certificate does not match its signature")
    key = certificate.public_key()
    kind = (
        "ec"
        if isinstance(key, ec.EllipticCurvePublicKey)
        else "rsa"
        if isinstance(key, rsa.RSAPublicKey)
        else "ed25519"
        if isinstance(key, ed25519.Ed25519PublicKey)
        else ""
    )
    if signer.signature_oid not in SIGNATURE_OIDS.get((kind, signer.digest_oid), set()):
        raise TokenError("unsupported signature algorithm in token")
    try:
        if isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signer.signature, signer.signed_attrs, ec.ECDSA(algorithm))
        elif isinstance(key, rsa.RSAPublicKey):
            key.verify(signer.signature, signer.signed_attrs, padding.PKCS1v15(), algorithm)
        elif isinstance(key, ed25519.Ed25519PublicKey):
            key.verify(signer.signature, signer.signed_attrs)
    except InvalidSignature as error:
        raise TokenError("the token's signature does not verify") from error


def _signing_certificate(response: TimeStampResponse) -> x509.Certificate:
    infos = list(response.signed_data.signer_infos)
    if len(infos) != 1:
        raise TokenError("the token must have exactly one signer")
    for der in response.signed_data.certificates:
        cert = x509.load_der_x509_certificate(der)
        if cert.issuer == infos[0].issuer and cert.serial_number == infos[0].serial_number:
            return cert
    raise TokenError("the token does not carry its authority's certificate")


def verify_token(
    token: bytes, data: bytes, *, roots: list[x509.Certificate] | None = None
) -> TokenInfo:
    """Check that token time-stamps exactly SHA-256(data) and that its signature holds.

    Always: the signature against the certificate inside the token, which must be a time-stamping
    certificate (critical extended key usage timeStamping) valid at the token's time. With roots:
    also the chain from that certificate to one of them (rfc3161-client).
    """
    response = as_response(token)
    imprint = response.tst_info.message_imprint
    if imprint.hash_algorithm.dotted_string != OID_SHA256:
        raise TokenError("the token is not over a SHA-256 imprint")
    if imprint.message != hashlib.sha256(data).digest():
        raise TokenError("the token time-stamps other bytes than this tree head")
    certificate = _signing_certificate(response)
    try:
        usage = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    except x509.ExtensionNotFound as error:
        raise TokenError("the authority's certificate is not for time-stamping") from error
    if not usage.critical or x509.ExtendedKeyUsageOID.TIME_STAMPING not in usage.value:
        raise TokenError("the authority's certificate is not for time-stamping")
    gen_time = response.tst_info.gen_time
    if not certificate.not_valid_before_utc <= gen_time <= certificate.not_valid_after_utc:
        raise TokenError("the authority's certificate was not valid at the token's time")
    _check_signature(certificate, _parse_signed_data(token))
    if roots:
        builder = VerifierBuilder()
        for root in roots:
            builder = builder.add_root_certificate(root)
        try:
            builder.build().verify_message(response, data)
        except VerificationError as error:
            raise TokenError(f"the token does not chain to the given authority: {error}") from error
    return TokenInfo(
        gen_time=gen_time,
        authority=certificate.subject.rfc4514_string(),
        serial_number=response.tst_info.serial_number,
    )
