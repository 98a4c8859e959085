"""Issues #3 and #11 figures for the proof log, printed.

    .venv/bin/python bench/proofs.py [--entries 1000000] [--single 20000] [--alerts 2000]
                                     [--alerts-only]
                                     [--database-url postgresql://postgres@127.0.0.1:5432/relais_proofs_bench]

On SQLite (the default) it works in a fresh temporary data directory; with --database-url it
DROPS and recreates that PostgreSQL database, so give it a scratch one.

1. Single appends through the service (`append`, one transaction each): entries per second.
2. Bulk appends up to --entries (the same rows, many per INSERT): entries per second.
3. Sequencing and signing them all: entries per second; then the database size.
4. Inclusion proof generation and verification at that size: median and p99 over 1 000 random
   leaves (target: under 1 ms each).
5. Alert submissions per second through the API (POST /api/v1/alerts, Django's test client, in
   process) with the log on (an entry naming its alert, a signed PROMISE in the answer) and
   off (none of them, a fixed promise in the answer), side by side in one run: same process,
   same database, interleaved slices. The target is log on >= 90% of log off. Also printed: the
   CPU time per alert of both modes and the load average before and after, which moves the ratio.
   `--alerts-only` runs this part alone.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from scene import recreate_database  # bench/scene.py

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(database_url: str) -> Path:
    data_dir = Path(tempfile.mkdtemp(prefix="relais-proofs-bench-"))
    os.environ["RELAIS_DATA_DIR"] = str(data_dir)
    os.environ["RELAIS_DATABASE_URL"] = database_url
    os.environ["RELAIS_LOG_LEVEL"] = "WARNING"
    os.environ["RELAIS_TSA_URLS"] = ""
    os.environ["RELAIS_RATELIMIT_ENABLED"] = "0"  # every submission comes from one client
    os.environ["DJANGO_SETTINGS_MODULE"] = "relais.settings"
    if database_url:
        recreate_database(database_url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    return data_dir


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def database_size(data_dir: Path) -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        files = [p for p in data_dir.glob("relais.sqlite3*") if p.is_file()]
        total = sum(p.stat().st_size for p in files)
        return f"SQLite file {total / 1e6:.1f} MB (whole database)"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
            "WHERE c.relkind = 'r' AND c.relname LIKE 'proofs_%%'"
        )
        tables = float(cursor.fetchone()[0])
        cursor.execute("SELECT pg_database_size(current_database())")
        whole = float(cursor.fetchone()[0])
    return f"PostgreSQL proofs tables {tables / 1e6:.1f} MB (whole database {whole / 1e6:.1f} MB)"


def single_appends(count: int) -> float:
    from django.db import transaction

    from relais.proofs.services import append

    started = time.perf_counter()
    for number in range(count):
        with transaction.atomic():
            append(kind="alert.received", payload={"n": number, "what": "bench"})
    return count / (time.perf_counter() - started)


def bulk_appends(count: int) -> float:
    from django.utils import timezone

    from relais.proofs import merkle
    from relais.proofs.formats import entry_bytes, event_digest, format_time, truncate_time
    from relais.proofs.models import ProofEntry

    started = time.perf_counter()
    batch: list[ProofEntry] = []
    for number in range(count):
        salt = os.urandom(32)
        digest = event_digest(salt, {"n": number, "what": "bench"})
        moment = truncate_time(timezone.now())
        leaf = merkle.leaf_hash(entry_bytes("alert.received", digest, format_time(moment)))
        batch.append(
            ProofEntry(
                kind="alert.received",
                digest=digest,
                salt=salt,
                recorded_at=moment,
                leaf_hash=leaf,
                merge_by=moment,
            )
        )
        if len(batch) == 5000:
            ProofEntry.objects.bulk_create(batch)
            batch = []
    ProofEntry.objects.bulk_create(batch)
    return count / (time.perf_counter() - started)


def proofs_at(size: int, seed: int, label: str) -> None:
    from relais.proofs import merkle
    from relais.proofs.models import ProofEntry
    from relais.proofs.services import inclusion_proof, root_at

    root = root_at(size)
    rng = random.Random(seed)
    leaves = [rng.randrange(size) for _ in range(1000)]
    hashes = dict(
        ProofEntry.objects.filter(leaf_index__in=leaves).values_list("leaf_index", "leaf_hash")
    )
    generate, verify = [], []
    for index in leaves:
        started = time.perf_counter()
        proof = inclusion_proof(index, size)
        generate.append(time.perf_counter() - started)
        started = time.perf_counter()
        ok = merkle.root_from_inclusion(index, size, bytes(hashes[index]), proof) == root
        verify.append(time.perf_counter() - started)
        assert ok
    for name, values in (("generation", generate), ("verification", verify)):
        print(
            f"  inclusion proof {name} at {size} leaves ({label}): median "
            f"{statistics.median(values) * 1e3:.3f} ms, p99 {percentile(values, 0.99) * 1e3:.3f} ms"
        )


ALERT_BODY = {
    "reporter_role": "witness",
    "categories": ["harcelement", "cyberharcelement"],
    "description": "Un élève est insulté chaque jour à la récréation. " * 10,
    "platforms": ["whatsapp"],
    "immediate_danger": False,
    "good_faith": True,
}


def switch_log(on: bool) -> None:
    """The proof log on (as shipped) or off: off, the alerts app appends no entry and the API
    answers a fixed PROMISE of the same shape, so that off measures everything but the log's
    own work (the entry's INSERT, the promise's signature)."""
    services = importlib.import_module("relais.alerts.services")
    reporter = importlib.import_module("relais.api.reporter")
    events = importlib.import_module("relais.alerts.proof_events")
    promises = importlib.import_module("relais.proofs.promises")
    services.proof_events = events if on else _NoLog()  # type: ignore[attr-defined]
    reporter.promise_for = promises.promise_for if on else _placeholder  # type: ignore[attr-defined]


class _NoLog:
    """Stands for relais.alerts.proof_events in the alerts services: the log switched off."""

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return lambda *args, **kwargs: None


def _placeholder(entry):  # type: ignore[no-untyped-def]
    return PLACEHOLDER_PROMISE


PLACEHOLDER_PROMISE = {
    "version": 1,
    "entry": {
        "kind": "alert.received",
        "digest": "0" * 64,
        "recorded_at": "2026-01-01T00:00:00.000Z",
    },
    "promise": {"merge_by": "2026-01-01T00:00:10.000Z", "key_id": "0" * 16, "signature": "A" * 88},
    "public_key": "-----BEGIN PUBLIC KEY-----\n" + "A" * 60 + "\n-----END PUBLIC KEY-----\n",
}


def _backend_cpu() -> float:
    """CPU seconds the PostgreSQL backend of this connection has used (a server on this
    machine, read from /proc); 0 on SQLite, whose work is this process's own."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def alert_rates(count: int, slice_size: int = 50) -> tuple[float, float]:
    """Alert submissions through the API (POST /api/v1/alerts, Django's test client, every
    middleware, one Python thread) with the log on and off, side by side: same process, same
    database, slices of `slice_size` alerts a mode, interleaved and alternating which goes
    first, so that the machine's drift hits both alike. Also the CPU time per alert of this
    process and of its PostgreSQL backend, which a loaded machine disturbs much less than
    wall-clock rates. Returns (off, on) per second."""
    import json as json_module

    from django.test import Client

    from relais.accounts.models import Organisation
    from relais.proofs.services import sequence_and_sign
    from relais.schools.models import School

    Organisation.objects.get_or_create(name="Bench", defaults={"jurisdictions": ["be-fwb"]})
    school, _new = School.objects.get_or_create(
        code="9999",
        jurisdiction="be-fwb",
        defaults={"name": "Ecole du banc d'essai", "city": "Mouscron"},
    )
    sequence_and_sign()
    client = Client(HTTP_HOST="127.0.0.1")
    body = json_module.dumps({**ALERT_BODY, "school_id": str(school.pk)})
    cpu = {False: [0.0, 0.0], True: [0.0, 0.0]}  # this process, the database's backend

    def run(on: bool, alerts: int) -> float:
        """Seconds for `alerts` submissions in this mode."""
        switch_log(on)
        try:
            started, own, backend = time.perf_counter(), time.process_time(), _backend_cpu()
            for _ in range(alerts):
                answer = client.post("/api/v1/alerts", body, content_type="application/json")
                assert answer.status_code == 201, answer.content
            cpu[on][0] += time.process_time() - own
            cpu[on][1] += _backend_cpu() - backend
            return time.perf_counter() - started
        finally:
            switch_log(True)

    for on in (False, True):
        run(on, 20)  # warm up: imports, connections, caches
    cpu = {False: [0.0, 0.0], True: [0.0, 0.0]}
    load_before = os.getloadavg()[0]  # the machine's load moves the ratio: give it with it
    rounds = max(1, count // slice_size)
    spent = {False: 0.0, True: 0.0}
    ratios = []
    for number in range(rounds):
        order = (False, True) if number % 2 == 0 else (True, False)
        taken = {on: run(on, slice_size) for on in order}
        for on in order:
            spent[on] += taken[on]
        ratios.append(taken[False] / taken[True])
    sequence_and_sign()  # the signer's work, not the requests': outside what is measured
    done = rounds * slice_size
    off, on = done / spent[False], done / spent[True]
    low, middle, high = statistics.quantiles(ratios, n=4) if rounds > 1 else ratios * 3
    print(
        f"  alert submissions through the API in process, {rounds} rounds of {slice_size} a "
        f"mode, interleaved:\n    log off {off:,.0f}/s, log on {on:,.0f}/s: log on = "
        f"{on / off:.1%} of log off (target 90%); per round median {middle:.1%}, middle half "
        f"{low:.1%} to {high:.1%}"
    )
    per = {mode: [1e3 * value / done for value in cpu[mode]] for mode in cpu}
    print(
        f"    CPU per alert, this process + database backend: log off {per[False][0]:.2f} + "
        f"{per[False][1]:.2f} ms, log on {per[True][0]:.2f} + {per[True][1]:.2f} ms: log off's "
        f"CPU is {sum(per[False]) / sum(per[True]):.1%} of log on's"
    )
    print(f"    load average (1 min) before and after: {load_before:.2f}, {os.getloadavg()[0]:.2f}")
    return off, on


def wsgi_without_log():  # type: ignore[no-untyped-def]
    """Gunicorn app factory (`proofs:wsgi_without_log()`): Relais with the proof log off."""
    from relais.wsgi import application  # sets Django up first

    switch_log(False)
    return application


APPS = {"off": "proofs:wsgi_without_log()", "on": "relais.wsgi:application"}


def http_rates(duration: int, rounds: int, server: str, warmup: int = 3) -> None:
    """bench/alerts.py's alert submission run (POST /api/v1/alerts through gunicorn, wrk -t2
    -c16, PostgreSQL) with the log off and on. Two servers side by side, each on its own
    scratch database, loaded one at a time in short slices (`duration` seconds each, `rounds`
    times, the first mode alternating), so that both see the machine's drift; each first takes
    `warmup` seconds of load, unmeasured."""
    sys.path.insert(0, str(ROOT / "bench"))
    import alerts as alert_bench

    base_url = server or alert_bench.DEFAULT_URL.rsplit("/", 1)[0]
    done: dict[str, list[float]] = {mode: [] for mode in APPS}  # requests per slice
    with contextlib.ExitStack() as stack:
        targets = {}
        for number, (mode, app) in enumerate(APPS.items()):
            url = f"{base_url}/relais_proofs_http_{mode}"
            recreate_database(url)
            data_dir = stack.enter_context(tempfile.TemporaryDirectory())
            env = alert_bench.run_env(url, data_dir)
            school_id, _receipts = alert_bench.prepare(env, 1)
            env["RELAIS_BIND"] = f"127.0.0.1:{8766 + number}"
            process = alert_bench.serve(env, app)
            stack.callback(alert_bench.stop, process)
            base = f"http://127.0.0.1:{8766 + number}"
            alert_bench.wait_for(f"{base}/api/v1/openapi.json")
            assert process.poll() is None, f"the server for {base} did not start"
            if warmup:
                alert_bench.submissions(base, school_id, warmup)
            targets[mode] = (base, school_id)
        modes = list(targets)
        for number in range(rounds):
            for mode in modes if number % 2 == 0 else modes[::-1]:
                base, school_id = targets[mode]
                figures = alert_bench.submissions(base, school_id, duration)
                assert figures["non_2xx"] == 0, figures
                done[mode].append(figures["rps"])
            print(f"  HTTP slice: off {done['off'][-1]:.0f}/s, on {done['on'][-1]:.0f}/s")
    off, on = statistics.mean(done["off"]), statistics.mean(done["on"])
    print(
        f"  HTTP alert submissions ({rounds} rounds of {duration} s slices): log off "
        f"{off:.0f}/s, log on {on:.0f}/s = {on / off:.1%} of log off (target 90%)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--single", type=int, default=20_000)
    parser.add_argument("--alerts", type=int, default=2000, help="alerts a mode")
    parser.add_argument("--alerts-only", action="store_true", help="only the alert comparison")
    parser.add_argument("--database-url", default="")
    parser.add_argument(
        "--http",
        action="store_true",
        help="also run bench/alerts.py's submission run (gunicorn, wrk, PostgreSQL) with the "
        "log on and off",
    )
    parser.add_argument("--http-duration", type=int, default=4, help="seconds per slice")
    parser.add_argument("--http-rounds", type=int, default=15)
    parser.add_argument("--http-warmup", type=int, default=3)
    parser.add_argument("--http-only", action="store_true", help="only the HTTP runs")
    parser.add_argument(
        "--http-server",
        default="",
        help="PostgreSQL server for the HTTP runs, as postgresql://user@host:port (default: "
        "bench/alerts.py's, over TCP); postgresql://postgres@ alone uses the local socket",
    )
    args = parser.parse_args()
    if args.http_only:
        http_rates(args.http_duration, args.http_rounds, args.http_server, args.http_warmup)
        return
    data_dir = setup(args.database_url)
    from django.db import connection

    print(f"Proof log on {connection.vendor} ({connection.settings_dict['NAME']})")
    if args.alerts_only:
        alert_rates(args.alerts)
        return
    rate = single_appends(args.single)
    print(f"  single appends through the service ({args.single}): {rate:,.0f} entries/s")
    rate = bulk_appends(args.entries - args.single)
    print(f"  bulk appends up to {args.entries}: {rate:,.0f} entries/s")

    from relais.proofs.services import sequence_and_sign

    started = time.perf_counter()
    head = sequence_and_sign()  # a head per batch of RELAIS_PROOFS_BATCH_SIZE
    elapsed = time.perf_counter() - started
    assert head is not None and head.tree_size == args.entries
    print(
        f"  sequencing and signing {args.entries}: {elapsed:.1f} s, "
        f"{args.entries / elapsed:,.0f} entries/s"
    )
    print(f"  database size: {database_size(data_dir)}")
    from relais.proofs.services import tidy

    tidy()  # what autovacuum, or the signer loop after a burst, does on PostgreSQL
    if connection.vendor == "postgresql":
        print(f"  database size after VACUUM: {database_size(data_dir)}")
    proofs_at(args.entries, 1, "first pass, right after loading")
    proofs_at(args.entries, 2, "second pass, other leaves")
    alert_rates(args.alerts)
    if args.http:
        http_rates(args.http_duration, args.http_rounds, args.http_server, args.http_warmup)


if __name__ == "__main__":
    main()
