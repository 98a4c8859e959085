"""Sliding-window rate limits held in the shared cache (never in a model of ours).

A rate ``"10/3600"`` allows 10 events in any 3600 seconds, not 10 per clock hour. Each counted
event claims its own cache key with ``cache.add``, which is atomic on every backend we use (the
database cache through its table's primary key, Redis through SET NX), so that several web
processes, or several nodes, share one count without a lost update. ``cache.incr`` is not used:
on the database cache it is a read then a write, and two workers would both read 9.

The keys of the events of one client live in fixed buckets as long as the window: bucket ``b``
holds at most ``limit`` slots, ``rl:<scope>:<client>:<window>:<b>:<slot>``, each holding the
time of its event. Every event of the last ``window`` seconds is in the current bucket or the one
before, so one ``get_many`` of both buckets counts them exactly. A bucket number is never reused,
so a slot is only ever claimed once: the claim is never a read followed by a write.

Keys hold ``client_key`` digests (relais.lib.net), never addresses. The cache is the database
cache table by default (shared by the workers of one install) and RELAIS_CACHE_URL's Redis at
scale. ``now`` can be passed in so that tests move the clock instead of sleeping.
"""

from __future__ import annotations

import contextlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Verdict:
    """The answer for one event: allowed (and the key that counts it), or how long to wait."""

    allowed: bool
    wait_seconds: int = 0
    counted: str = ""

    @property
    def wait_minutes(self) -> int:
        """The wait said to a person: whole minutes, rounded up, at least one."""
        return max(1, math.ceil(self.wait_seconds / 60))


def wait_sentence(minutes: int) -> str:
    """How long to wait, said exactly: whole minutes, rounded up (Verdict.wait_minutes)."""
    return ngettext(
        "Wait a minute, then try again.", "Wait %(minutes)d minutes, then try again.", minutes
    ) % {"minutes": minutes}


def parse_rate(rate: str) -> tuple[int, int]:
    """``"10/3600"`` -> (10 requests, 3600 seconds)."""
    count, _, seconds = rate.partition("/")
    return int(count), int(seconds or 60)


def _slots(scope: str, key: str, window: int, bucket: int, limit: int) -> list[str]:
    return [f"rl:{scope}:{key}:{window}:{bucket}:{slot}" for slot in range(limit)]


def _decide(scope: str, key: str, rate: str, now: float | None, *, count: bool) -> Verdict:
    if not settings.RATELIMIT_ENABLED:
        return Verdict(True)
    limit, window = parse_rate(rate)
    now = time.time() if now is None else now
    bucket = int(now // window)
    current = _slots(scope, key, window, bucket, limit)
    previous = _slots(scope, key, window, bucket - 1, limit)
    seen = cache.get_many(previous + current)
    # Every event of the current bucket is within the window; of the previous one, the recent.
    recent = [seen[k] for k in previous if k in seen and seen[k] > now - window]
    recent += [seen[k] for k in current if k in seen]
    if count:
        for slot in (k for k in current if k not in seen):
            if len(recent) >= limit:
                break
            # Leave the key for two windows: the next bucket still reads it.
            added = add_once(slot, now, timeout=2 * window + 1)
            if added is None:  # the store refuses writes: turn nobody away for it
                return Verdict(True)
            if added:
                return Verdict(True, counted=slot)
            recent.append(now)  # another process counted an event in this slot just now
    elif len(recent) < limit:
        return Verdict(True)
    return Verdict(False, wait_seconds=_wait(sorted(recent), limit, window, now))


def add_once(key: str, value: object, timeout: int) -> bool | None:
    """``cache.add``, telling a key that exists (False) from a store that failed (None).

    Django's database cache answers False to ``add`` for any database error, not only for a key
    that exists (a locked SQLite database, a serialisation failure): then the key is read back,
    and the add is tried again a few times, a little later each time."""
    for pause in (0.0, 0.02, 0.1, 0.3):
        time.sleep(pause)
        if cache.add(key, value, timeout=timeout):
            return True
        try:
            if cache.get(key) is not None:
                return False
        except DatabaseError:
            continue
    return None


def _wait(stamps: list[float], limit: int, window: int, now: float) -> int:
    """Seconds until fewer than ``limit`` events remain in the window: until the oldest ones
    that are too many have slid out of it."""
    leaving = stamps[len(stamps) - limit]
    return max(1, math.ceil(leaving + window - now))


def check(scope: str, key: str, rate: str, now: float | None = None) -> Verdict:
    """Would one more event be allowed? Counts nothing."""
    return _decide(scope, key, rate, now, count=False)


def take(scope: str, key: str, rate: str, now: float | None = None) -> Verdict:
    """Count one event when the client stays within ``rate``; otherwise count nothing and say
    how long to wait. Of concurrent takes on the last free place, only one is allowed."""
    return _decide(scope, key, rate, now, count=True)


def give_back(verdict: Verdict) -> None:
    """Un-count an allowed event whose action stored nothing (a failure after ``take``)."""
    if verdict.counted:
        forget(verdict.counted)


def forget(key: str) -> None:
    """Delete a key, best effort: a key left behind only counts one event too many (or keeps a
    token a day), which is better than failing the request that already stored nothing."""
    with contextlib.suppress(DatabaseError):
        cache.delete(key)


def hit(scope: str, key: str, rate: str, now: float | None = None) -> bool:
    """Count one request; True while the client stays within ``rate``."""
    return take(scope, key, rate, now).allowed
