"""One-time submission tokens: refreshing the receipt page must not send the alert twice.

The alert form carries a random token. A send claims it in the cache before the alert is stored
(``cache.add`` is atomic: of two concurrent posts with the same token, only one wins). The cache
holds a keyed digest of the token, never the token itself, and forgets it after a day.

The cache is shared by every web process: the database cache table by default, where the claim
is an INSERT that the table's primary key lets only one process make, and RELAIS_CACHE_URL's
Redis at scale (SET NX). A process-local cache would let two workers each accept one copy.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.core.cache import cache

from relais.lib.ratelimit import add_once, forget

FIELD = "submission"
REMEMBER_SECONDS = 24 * 3600
# secrets.token_urlsafe(16) gives 22 characters; some slack for future lengths.
_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_token() -> str:
    return secrets.token_urlsafe(16)


def keep(posted: str) -> str:
    """The token to render again after a round-trip that sent nothing (search, errors, limit):
    the posted one when it looks like ours, so that the form keeps its identity; else a new one."""
    return posted if _SHAPE.fullmatch(posted) else new_token()


def _key(token: str) -> str:
    digest = hmac.new(settings.RATELIMIT_KEY.encode(), token.encode(), hashlib.sha256)
    return "sent:" + digest.hexdigest()


def was_sent(token: str) -> bool:
    """True when an alert was already sent (or is being sent) with this token."""
    return bool(token) and cache.get(_key(token)) is not None


def claim(token: str) -> bool:
    """Mark the token as used; False when another send already claimed it. No token (API
    clients, forms older than tokens) claims nothing and always succeeds."""
    if not token:
        return True
    # A busy database must not tell a reporter that their first send was already made; a store
    # that keeps failing lets the send go on (storing the alert will tell whether it can).
    return add_once(_key(token), 1, timeout=REMEMBER_SECONDS) is not False


def release(token: str) -> None:
    """Give the token back when the send it was claimed for stored nothing."""
    if token:
        forget(_key(token))
