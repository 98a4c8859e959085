"""What a reporter typed, kept for a few minutes between a POST and the page that follows it.

Every reporter POST answers with a redirect (303), so that no history entry holds a POST body
with what a child wrote: a Back then Reload after the quick exit would send it again and show it.
When the page after the redirect must give the text back (a message typed after the session
ended, a field to fix), the text waits here: encrypted with a random key that only the browser
holds, in a cookie that it forgets when closed. The server keeps the ciphertext, under a keyed
digest of the stash's id, for STASH_SECONDS at most; without the cookie it cannot read it. The
quick exit, closing the mailbox and using the text delete the cookie and the ciphertext.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

COOKIE = "relais_keep"
STASH_SECONDS = 10 * 60


def _cache_key(stash_id: str) -> str:
    digest = hmac.new(settings.RATELIMIT_KEY.encode(), stash_id.encode(), hashlib.sha256)
    return "keep:" + digest.hexdigest()


def _parts(request: HttpRequest) -> tuple[str, bytes] | None:
    stash_id, _dot, key = request.COOKIES.get(COOKIE, "").partition(".")
    try:
        raw = base64.urlsafe_b64decode(key.encode())
    except (binascii.Error, ValueError):
        return None
    return (stash_id, raw) if stash_id and len(raw) == 32 else None


def put(request: HttpRequest, response: HttpResponse, kind: str, data: dict[str, Any]) -> None:
    """Keep ``data`` for the next page; it replaces whatever this browser had kept before."""
    # Only the old ciphertext is deleted: deleting the cookie too would leave a Max-Age=0 on the
    # response that set_cookie below does not clear, and the browser would drop the new one.
    previous = _parts(request)
    if previous is not None:
        cache.delete(_cache_key(previous[0]))
    stash_id, key = secrets.token_urlsafe(16), AESGCM.generate_key(bit_length=256)
    nonce = secrets.token_bytes(12)
    sealed = nonce + AESGCM(key).encrypt(nonce, json.dumps(data).encode(), kind.encode())
    cache.set(_cache_key(stash_id), base64.b64encode(sealed).decode(), timeout=STASH_SECONDS)
    # No max_age: the browser forgets it when closed; the server forgets it after a few minutes.
    response.set_cookie(
        COOKIE,
        stash_id + "." + base64.urlsafe_b64encode(key).decode(),
        path="/",
        httponly=True,
        samesite="Strict",
        secure=settings.SECURE,
    )


def peek(request: HttpRequest, kind: str) -> dict[str, Any] | None:
    """What was kept for ``kind`` by this browser, or None (nothing, expired, or another kind)."""
    parts = _parts(request)
    if parts is None:
        return None
    stash_id, key = parts
    stored = cache.get(_cache_key(stash_id))
    if not stored:
        return None
    sealed = base64.b64decode(stored)
    try:
        plain = AESGCM(key).decrypt(sealed[:12], sealed[12:], kind.encode())
    except InvalidTag:
        return None
    data = json.loads(plain)
    return data if isinstance(data, dict) else None


def discard(request: HttpRequest, response: HttpResponse) -> None:
    """Forget what this browser kept: the ciphertext on the server, and the key in the cookie."""
    parts = _parts(request)
    if parts is not None:
        cache.delete(_cache_key(parts[0]))
    if COOKIE in request.COOKIES:
        response.delete_cookie(COOKIE, path="/", samesite="Strict")
