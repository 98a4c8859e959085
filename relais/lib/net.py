"""What Relais knows of a client's network address: a keyed, short-lived digest, nothing else."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest

# Headers that identify the client's address or software. ForgetClientMiddleware removes them
# from every request before any view, log or library can see them.
IDENTIFYING_META = (
    "REMOTE_ADDR",
    "REMOTE_HOST",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
    "HTTP_CLIENT_IP",
    "HTTP_TRUE_CLIENT_IP",
    "HTTP_CF_CONNECTING_IP",
    "HTTP_USER_AGENT",
    "HTTP_VIA",
)


def client_address(meta: dict) -> str:
    """The client's address as seen through ``TRUSTED_PROXIES`` reverse proxies."""
    hops = settings.TRUSTED_PROXIES
    if hops > 0:
        forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return str(meta.get("REMOTE_ADDR", ""))


def client_key(address: str) -> str:
    """A keyed digest of the address: enough to count requests, useless to find the client."""
    return hmac.new(settings.RATELIMIT_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[
        :32
    ]


def no_client_ip(request: HttpRequest) -> str:
    """For django-axes: staff lockouts are per username, never per address."""
    return "0.0.0.0"  # noqa: S104 - a constant, not a bind address
