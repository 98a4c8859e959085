"""format_time spells a time as it always did (every leaf and promise signs that spelling), from
isoformat now rather than strftime: the same bytes for any time, offset or millisecond."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from relais.proofs import merkle
from relais.proofs.formats import entry_bytes, format_time, parse_time


def _spelled_out(moment: datetime) -> str:
    """The spelling of docs/proofs.md, field by field."""
    utc = moment.astimezone(UTC)
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T{utc.hour:02d}:{utc.minute:02d}:"
        f"{utc.second:02d}.{utc.microsecond // 1000:03d}Z"
    )


def test_the_spelling_of_edge_times():
    brussels = ZoneInfo("Europe/Brussels")
    cases = [
        datetime(2026, 1, 1, tzinfo=UTC),
        datetime(2026, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),  # truncated, never rounded
        datetime(2026, 3, 29, 2, 30, 0, 1_000, tzinfo=brussels),  # the hour that does not exist
        datetime(2026, 10, 25, 2, 30, 0, 999, tzinfo=brussels, fold=1),  # the hour twice
        datetime(2026, 6, 1, 0, 0, 0, 500, tzinfo=timezone(timedelta(hours=-9, minutes=-30))),
        datetime(2028, 2, 29, 23, 0, tzinfo=timezone(timedelta(hours=-1))),
    ]
    for moment in cases:
        assert format_time(moment) == _spelled_out(moment), moment
        assert parse_time(format_time(moment)) == moment.replace(
            microsecond=moment.microsecond // 1000 * 1000
        ).astimezone(UTC)


def test_the_spelling_of_many_times():
    rng = random.Random(11)
    start = datetime(2000, 1, 1, tzinfo=UTC)
    for _ in range(20_000):
        offset = timezone(timedelta(minutes=rng.randint(-14 * 60, 14 * 60)))
        moment = (
            start + timedelta(microseconds=rng.randrange(60 * 365 * 86_400 * 10**6))
        ).astimezone(offset)
        assert format_time(moment) == _spelled_out(moment)


def test_a_leaf_signed_before_keeps_its_hash():
    """A leaf hash computed by the code before this change, for a time an hour east of UTC."""
    moment = datetime(2026, 12, 7, 3, 4, 5, 678_999, tzinfo=timezone(timedelta(hours=1)))
    leaf = entry_bytes("alert.received", "ab" * 32, format_time(moment))
    assert leaf.endswith(b" 2026-12-07T02:04:05.678Z")
    assert merkle.leaf_hash(leaf).hex() == (
        "42f2e6600f306fa50f2e31a89ca37d5f665593d6694993b29f3a59ff3aeffa35"
    )
