"""Fixed-window rate limits held in the cache only (never in the database).

Keys are ``client_key`` digests (relais.lib.net), never addresses. With the default local-memory
cache each web process counts on its own; at scale RELAIS_CACHE_URL points every node at one
Redis so the limit holds across nodes.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache


def parse_rate(rate: str) -> tuple[int, int]:
    """``"10/3600"`` -> (10 requests, 3600 seconds)."""
    count, _, seconds = rate.partition("/")
    return int(count), int(seconds or 60)


def hit(scope: str, key: str, rate: str) -> bool:
    """Count one request; True while the client stays within ``rate``."""
    if not settings.RATELIMIT_ENABLED:
        return True
    limit, window = parse_rate(rate)
    bucket = int(time.time() // window)
    cache_key = f"rl:{scope}:{key}:{bucket}"
    if cache.add(cache_key, 1, timeout=window + 1):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window + 1)
        return True
    return count <= limit
