"""Issue 10.15 figures: what a rate-limit check and a duplicate-submit claim cost in the shared
database cache, by how many rows the cache table holds.

    .venv/bin/python bench/ratelimit.py [--database-url postgresql://.../relais_bench_rl]

Without --database-url: a scratch SQLite file (WAL, as shipped). The cache table is filled with
live filler rows by one INSERT per thousand, then each measure runs 300 times in one process.
Prints the median and the 95th percentile in milliseconds. Past RELAIS_CACHE_MAX_ENTRIES the
first write culls the table, so the largest size measures the cull's aftermath unless that
setting is raised for the run (RELAIS_CACHE_MAX_ENTRIES=1000000 gives the unbounded cost).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (0, 20_000, 100_000)
ROUNDS = 300


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="relais-bench-rl-")
    os.environ.update(
        RELAIS_DATA_DIR=data, RELAIS_DATABASE_URL=args.database_url, RELAIS_CACHE_URL=""
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "relais.settings"
    subprocess.run([str(ROOT / ".venv/bin/relais"), "createcachetable"], check=True)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection

    from relais.lib.ratelimit import take
    from relais.public.once import claim

    print(f"database: {connection.vendor}")
    for size in SIZES:
        cache.clear()
        _fill(connection, size)
        token = f"bench-token-{size}"
        figures = {
            "alert take (10/3600)": lambda n: take("alert", f"a{n}", "10/3600"),
            "search take (120/600)": lambda n: take("search", f"s{n}", "120/600"),
            "search take, one client": lambda n: take("search", "busy", "120/600"),
            "duplicate-submit claim": lambda n, token=token: claim(f"{token}-{n:06d}"),
        }
        for name, call in figures.items():
            times = []
            for n in range(ROUNDS):
                started = time.perf_counter()
                call(n)
                times.append((time.perf_counter() - started) * 1000)
            p95 = statistics.quantiles(times, n=20)[-1]
            print(
                f"{size:>7} rows  {name:<26} median {statistics.median(times):6.2f} ms"
                f"  p95 {p95:6.2f} ms"
            )


def _fill(connection, size: int) -> None:
    """Live rows of another scope, as many as asked, so that COUNT(*) and the index work."""
    expires = "2999-01-01 00:00:00"
    with connection.cursor() as cursor:
        for start in range(0, size, 1000):
            rows = [(f":1:filler:{n}", "gAVLAS4=", expires) for n in range(start, start + 1000)]
            cursor.executemany(
                "INSERT INTO relais_cache (cache_key, value, expires) VALUES (%s, %s, %s)", rows
            )


if __name__ == "__main__":
    main()
