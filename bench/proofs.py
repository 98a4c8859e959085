"""Issue #3 figures for the proof log, printed.

    .venv/bin/python bench/proofs.py [--entries 1000000] [--single 20000] [--alerts 1000]
                                     [--database-url postgresql://postgres@127.0.0.1:5432/relais_proofs_bench]

On SQLite (the default) it works in a fresh temporary data directory; with --database-url it
DROPS and recreates that PostgreSQL database, so give it a scratch one.

1. Single appends through the service (`append`, one transaction each): entries per second.
2. Bulk appends up to --entries (the same rows, many per INSERT): entries per second.
3. Sequencing and signing them all: entries per second; then the database size.
4. Inclusion proof generation and verification at that size: median and p99 over 1 000 random
   leaves (target: under 1 ms each).
5. Alert submissions per second (`submit_alert`, serial, in process) with the log on and off
   (off = the alerts app's proof call replaced by a no-op for that run), and with the receipt
   built right after each submission, as the API's answer does.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(database_url: str) -> Path:
    data_dir = Path(tempfile.mkdtemp(prefix="relais-proofs-bench-"))
    os.environ["RELAIS_DATA_DIR"] = str(data_dir)
    os.environ["RELAIS_DATABASE_URL"] = database_url
    os.environ["RELAIS_LOG_LEVEL"] = "WARNING"
    os.environ["RELAIS_TSA_URLS"] = ""
    os.environ["DJANGO_SETTINGS_MODULE"] = "relais.settings"
    if database_url:
        name = database_url.rsplit("/", 1)[1]
        admin = database_url.rsplit("/", 1)[0] + "/postgres"
        for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
            subprocess.run(["psql", admin, "-qc", sql], check=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
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
                kind="alert.received", digest=digest, salt=salt, recorded_at=moment, leaf_hash=leaf
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


def alert_rates(count: int) -> None:
    from relais.accounts.models import Organisation
    from relais.alerts import services as alert_services
    from relais.proofs import events
    from relais.proofs.receipts import receipt_for
    from relais.proofs.services import sequence_and_sign
    from relais.schools.models import School

    Organisation.objects.get_or_create(name="Bench", defaults={"jurisdictions": ["be-fwb"]})
    school, _new = School.objects.get_or_create(
        code="9999",
        jurisdiction="be-fwb",
        defaults={"name": "Ecole du banc d'essai", "city": "Mouscron"},
    )
    sequence_and_sign()

    def submit(with_receipt: bool) -> None:
        submitted = alert_services.submit_alert(
            school=school,
            reporter_role="witness",
            categories=["harcelement"],
            description="Un élève est insulté chaque jour à la récréation. " * 10,
            immediate_danger=False,
            good_faith=True,
        )
        if with_receipt:  # as the API answers: signed in the alert's transaction when it could
            receipt_for(submitted.proof_entry, submitted.signed)

    real = events.alert_received

    def run(mode: str, count: int) -> float:
        """Seconds for `count` submissions in this mode."""
        log_on = mode != "off"
        alert_services.proof_log.alert_received = real if log_on else _NoLog.alert_received  # type: ignore[assignment]
        try:
            started = time.perf_counter()
            for _ in range(count):
                submit(with_receipt=mode == "on+receipt")
            return time.perf_counter() - started
        finally:
            alert_services.proof_log.alert_received = real  # type: ignore[assignment]

    modes = ("off", "on", "on+receipt")
    for mode in modes:
        run(mode, 20)  # warm up
    # Small interleaved slices, so that load from anything else on the machine hits all alike.
    spent = dict.fromkeys(modes, 0.0)
    slice_size = 50
    for _ in range(max(1, count // slice_size)):
        for mode in modes:
            spent[mode] += run(mode, slice_size)
    done = max(1, count // slice_size) * slice_size
    off = done / spent["off"]
    for mode in modes:
        rate = done / spent[mode]
        print(f"  alert submissions, log {mode:<10}: {rate:8.0f}/s ({rate / off:.0%} of log off)")


class _NoLog:
    """Stands for relais.proofs.events in the alerts services: the log switched off."""

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return _no_entry

    @staticmethod
    def alert_received(alert, audit):  # type: ignore[no-untyped-def]
        # The log writes the new alert and its audit row: without it, the ORM saves them.
        alert.save(force_insert=True)
        audit.save(force_insert=True)
        return None, None


def _no_entry(*args, **kwargs):  # type: ignore[no-untyped-def]
    return None, None  # (entry, round), as alert_received gives


def _serving(alert_received):  # type: ignore[no-untyped-def]
    """Relais's WSGI application with the alerts app's proof log replaced by `alert_received`
    (the log's other events off), answering a fixed receipt of the same shape as a real one, so
    that a mode measures everything but the log's work that it leaves out."""
    from relais.wsgi import application  # sets Django up first

    log = _NoLog()
    log.alert_received = alert_received  # type: ignore[method-assign]
    importlib.import_module("relais.alerts.services").proof_log = log
    reporter = importlib.import_module("relais.api.reporter")
    reporter.receipt_for = lambda entry, signed=None: PLACEHOLDER_RECEIPT  # type: ignore[attr-defined]
    return application


def wsgi_without_log():  # type: ignore[no-untyped-def]
    """Gunicorn app factory (`proofs:wsgi_without_log()`): Relais with the proof log off."""
    return _serving(_NoLog.alert_received)


def wsgi_rows_only():  # type: ignore[no-untyped-def]
    """Gunicorn app factory (`proofs:wsgi_rows_only()`): the log off, but the alert and its audit
    row written as the log writes them (one prepared statement, relais/proofs/sql.py) rather than
    by the ORM. Against this run, "log on" measures the log's own work alone: its entry, its
    round trip for the lock, signing and the proof, without the cheaper INSERTs it brings."""

    def rows_only(alert, audit):  # type: ignore[no-untyped-def]
        sql = importlib.import_module("relais.proofs.sql")
        sql.write([sql.insert_of(alert, "alert"), sql.insert_of(audit, "audit")])
        return None, None

    return _serving(rows_only)


def wsgi_append_only():  # type: ignore[no-untyped-def]
    """Gunicorn app factory (`proofs:wsgi_append_only()`): entries appended, never signed in
    the request (the signer would fold them later), and the same fixed receipt as log off. It
    splits the log's cost between appending and signing the receipt."""

    def appended_only(alert, audit):  # type: ignore[no-untyped-def]
        _NoLog.alert_received(alert, audit)  # the ORM saves both
        entry = importlib.import_module("relais.proofs.services").append(
            kind="alert.received", payload={"alert": str(alert.pk)}, alert=alert
        )
        return entry, None

    return _serving(appended_only)


PLACEHOLDER_RECEIPT = {
    "version": 1,
    "entry": {
        "kind": "alert.received",
        "digest": "0" * 64,
        "recorded_at": "2026-01-01T00:00:00.000Z",
    },
    "leaf_index": 0,
    "inclusion_proof": [],
    "tree_head": {
        "tree_size": 1,
        "root_hash": "0" * 64,
        "timestamp": "2026-01-01T00:00:00.000Z",
        "key_id": "0" * 16,
        "signature": "A" * 88,
    },
    "public_key": "",
}


APPS = {
    "off": "proofs:wsgi_without_log()",
    "rows": "proofs:wsgi_rows_only()",
    "append": "proofs:wsgi_append_only()",
    "on": "relais.wsgi:application",
    "unprepared": "relais.wsgi:application",  # log on, its statements not prepared
}
MODE_ENV = {"unprepared": {"RELAIS_DB_PREPARED_STATEMENTS": "0"}}


def http_rates(duration: int, rounds: int, server: str, warmup: int = 3) -> None:
    """bench/alerts.py's alert submission run (POST /api/v1/alerts through gunicorn, 2 workers,
    wrk -t2 -c16, PostgreSQL) in five modes: the log off; the log off with the alert's rows
    written as the log writes them; the log appending only; the log on (as shipped: a signed
    receipt in every 201); the log on with its statements not prepared.

    On a shared machine the speed drifts by a quarter within minutes, more than the differences
    measured here, so the servers run side by side, each on its own scratch database, and wrk
    loads one at a time in short slices (`duration` seconds each, `rounds` times, every mode once
    a round, the round's first mode rotating so that none always follows the heaviest): every
    mode sees the same drift. An idle server costs nothing. Each server first takes `warmup`
    seconds of load, unmeasured (worker start-up: imports, connections)."""
    sys.path.insert(0, str(ROOT / "bench"))
    import alerts as alert_bench

    base_url = server or alert_bench.DEFAULT_URL.rsplit("/", 1)[0]
    done: dict[str, list[float]] = {mode: [] for mode in APPS}  # requests per slice
    servers: list[subprocess.Popen[bytes]] = []
    with contextlib.ExitStack() as stack:
        targets = {}
        for number, (mode, app) in enumerate(APPS.items()):
            url = f"{base_url}/relais_proofs_http_{mode}"
            alert_bench.recreate_database(url)
            data_dir = stack.enter_context(tempfile.TemporaryDirectory())
            env = alert_bench.run_env(url, data_dir)
            school_id, _receipts = alert_bench.prepare(env, 1)
            env["RELAIS_BIND"] = f"127.0.0.1:{8766 + number}"
            env.update(MODE_ENV.get(mode, {}))
            servers.append(alert_bench.serve(env, app))
            stack.callback(alert_bench.stop, servers[-1])
            targets[mode] = (f"http://127.0.0.1:{8766 + number}", school_id)
        for server_process, (base, school_id) in zip(servers, targets.values(), strict=True):
            alert_bench.wait_for(f"{base}/api/v1/openapi.json")
            # A server left over from an earlier run on the same port would answer instead.
            assert server_process.poll() is None, f"the server for {base} did not start"
            if warmup:
                alert_bench.submissions(base, school_id, warmup)
        modes = list(targets)
        for number in range(rounds):
            turn = number % len(modes)
            for mode in modes[turn:] + modes[:turn]:
                base, school_id = targets[mode]
                figures = alert_bench.submissions(base, school_id, duration)
                assert figures["non_2xx"] == 0, figures
                done[mode].append(figures["rps"])
            line = ", ".join(f"{mode} {done[mode][-1]:.0f}/s" for mode in APPS)
            print(f"  HTTP alert submissions, one slice each: {line}", flush=True)
    rate = {mode: statistics.mean(done[mode]) for mode in APPS}

    def share(mode: str, base: str) -> str:
        ratios = [m / b for m, b in zip(done[mode], done[base], strict=True)]
        low, middle, high = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios * 3
        return (
            f"{rate[mode] / rate[base]:.0%} of {rate[base]:.0f}/s (per round: median "
            f"{middle:.0%}, middle half {low:.0%} to {high:.0%})"
        )

    print(f"  HTTP alert submissions ({rounds} rounds of {duration} s slices):")
    print(f"    log on {rate['on']:.0f}/s = {share('on', 'off')} with the log off (target 80%)")
    print(f"    the log's own work alone: log on = {share('on', 'rows')} with the log off and")
    print("      the alert's rows written as the log writes them")
    print(f"    appended, not signed in the request: {share('append', 'off')} with the log off")
    print(f"    log on, statements not prepared: {share('unprepared', 'off')} with the log off")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--single", type=int, default=20_000)
    parser.add_argument("--alerts", type=int, default=1000)
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
    rate = single_appends(args.single)
    print(f"  single appends through the service ({args.single}): {rate:,.0f} entries/s")
    rate = bulk_appends(args.entries - args.single)
    print(f"  bulk appends up to {args.entries}: {rate:,.0f} entries/s")

    from relais.proofs.services import sequence_and_sign

    started = time.perf_counter()
    head = sequence_and_sign()
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
