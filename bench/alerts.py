"""Issue #2 figures: alert submissions and receipt logins through gunicorn on PostgreSQL.

Starts gunicorn (2 workers, as `make run` does) on a scratch PostgreSQL database, then drives it
with wrk (16 connections, 2 threads) and prints requests per second and p50 / p99 latency.

    .venv/bin/python bench/alerts.py [--duration 20] [--database-url postgresql://...]
    .venv/bin/python bench/alerts.py --compare [--rounds 8] [--duration 5]   # issue #10

Rate limits are switched off for the run (every request comes from 127.0.0.1).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from scene import recreate_database  # bench/scene.py

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/relais_bench"


def run_env(database_url: str, data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        RELAIS_DATABASE_URL=database_url,
        RELAIS_DATA_DIR=data_dir,
        RELAIS_RATELIMIT_ENABLED="0",
        RELAIS_ACCESS_LOG="0",
        RELAIS_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="relais.settings",
    )
    return env


def prepare(env: dict[str, str], logins: int) -> tuple[str, list[str]]:
    """Migrate, then create one school and `logins` alerts; return the school id and receipts."""
    subprocess.run([str(VENV_BIN / "relais"), "migrate", "-v0"], env=env, check=True)
    subprocess.run([str(VENV_BIN / "relais"), "createcachetable"], env=env, check=True)
    code = f"""
import django, json
django.setup()
from relais.accounts.models import Organisation
from relais.alerts.services import submit_alert
from relais.schools.models import School
Organisation.objects.get_or_create(name="Bench", defaults={{"jurisdictions": ["be-fwb"]}})
school = School(name="Ecole du banc d'essai", city="Mouscron", code="9999", jurisdiction="be-fwb")
school.refresh_search_text(); school.save()
receipts = [submit_alert(school=school, reporter_role="witness", categories=["harcelement"],
            description="bench", immediate_danger=False, good_faith=True).receipt
            for _ in range({logins})]
print(json.dumps({{"school": str(school.pk), "receipts": receipts}}))
"""
    out = subprocess.run(
        [str(VENV_BIN / "python"), "-c", code],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    data = json.loads(out.strip().splitlines()[-1])
    return data["school"], data["receipts"]


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server did not answer at {url}")


LATENCY = re.compile(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)


def wrk(lua: str, url: str, duration: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{duration}s", "--latency", "-s", script.name, url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    figures = {f"p{p}_ms": float(v) * scale[u] for p, v, u in LATENCY.findall(out)}
    figures["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    figures["non_2xx"] = float(bad.group(1)) if bad else 0.0
    return figures


ASGI_APP = "relais.asgi:application"  # what `make run` serves (relais/gunicorn_conf.py)


def serve(env: dict[str, str], app: str) -> subprocess.Popen[bytes]:
    """gunicorn with Relais's settings serving `app` (a module:callable under bench/ or relais/)
    on env's RELAIS_BIND: with the settings' asyncio worker for ASGI_APP, with sync workers for
    a WSGI application (bench/proofs.py's factories, relais.wsgi:application)."""
    command = [str(VENV_BIN / "gunicorn"), "-c", "relais/gunicorn_conf.py"]
    if app != ASGI_APP:
        command += ["--worker-class", "sync"]
    return subprocess.Popen([*command, "--pythonpath", "bench", app], env=env, cwd=ROOT)


def stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def submissions(base: str, school_id: str, duration: int) -> dict[str, float]:
    """wrk posting one and the same alert to POST /api/v1/alerts for `duration` seconds (also
    bench/proofs.py's HTTP rounds)."""
    body = json.dumps(
        {
            "school_id": school_id,
            "reporter_role": "witness",
            "categories": ["harcelement", "cyberharcelement"],
            "description": "Insultes répétées dans le groupe de classe, chaque soir.",
            "platforms": ["whatsapp"],
            "immediate_danger": False,
            "good_faith": True,
        }
    )
    lua = "wrk.method = 'POST'\nwrk.headers['Content-Type'] = 'application/json'\n"
    return wrk(lua + f"wrk.body = {json.dumps(body)}\n", f"{base}/api/v1/alerts", duration)


def compare(args: argparse.Namespace) -> None:
    """Alert submissions through the sync workers served before issue #10 and through the
    asyncio workers `make run` serves now, side by side, each on its own scratch database, in
    alternating slices, so that both see the same load from the rest of the machine."""
    apps = {"sync (WSGI, before)": "relais.wsgi:application", "asyncio (ASGI, now)": ASGI_APP}
    targets: dict[str, tuple[str, str]] = {}
    with contextlib.ExitStack() as stack:
        for number, (label, app) in enumerate(apps.items()):
            url = f"{args.database_url}_{number}"
            recreate_database(url)
            env = run_env(url, stack.enter_context(tempfile.TemporaryDirectory()))
            school_id, _ = prepare(env, 1)
            env["RELAIS_BIND"] = f"127.0.0.1:{args.port + number}"
            stack.callback(stop, serve(env, app))
            targets[label] = (f"http://127.0.0.1:{args.port + number}", school_id)
        rates: dict[str, list[float]] = {label: [] for label in targets}
        for base, school_id in targets.values():
            wait_for(f"{base}/api/v1/openapi.json")
            submissions(base, school_id, 2)  # warm-up, not counted
        for number in range(args.rounds):
            order = list(targets) if number % 2 == 0 else list(reversed(targets))
            for label in order:
                base, school_id = targets[label]
                rates[label].append(submissions(base, school_id, args.duration)["rps"])
    print(
        f"Alert submissions per second, {args.rounds} alternating slices of {args.duration} s "
        "(2 workers each, PostgreSQL, wrk -t2 -c16):"
    )
    for label, values in rates.items():
        shown = " ".join(f"{value:.0f}" for value in values)
        print(f"  {label:20} median {statistics.median(values):.0f}/s   ({shown})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--logins", type=int, default=2000)
    parser.add_argument(
        "--without-proof-log",
        action="store_true",
        help="serve Relais with the proof log switched off (bench/proofs.py's switch): the "
        "issue #2 path alone, before the signed receipt joined the answer",
    )
    parser.add_argument(
        "--app",
        default=ASGI_APP,
        help="what gunicorn serves: relais.wsgi:application for the sync workers served before "
        "issue #10",
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="alert submissions through the sync workers and the asyncio workers side by side, "
        "in --rounds alternating slices of --duration seconds",
    )
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()
    if args.compare:
        compare(args)
        return 0

    recreate_database(args.database_url)
    with tempfile.TemporaryDirectory() as data_dir:
        env = run_env(args.database_url, data_dir)
        school_id, receipts = prepare(env, args.logins)
        env["RELAIS_BIND"] = f"127.0.0.1:{args.port}"
        app = "proofs:wsgi_without_log()" if args.without_proof_log else args.app
        server = serve(env, app)
        base = f"http://127.0.0.1:{args.port}"
        try:
            wait_for(f"{base}/api/v1/openapi.json")
            submit = submissions(base, school_id, args.duration)
            login_lua = (
                "local receipts = {" + ",".join(json.dumps(r) for r in receipts) + "}\n"
                "local i = 0\nrequest = function()\n  i = i % #receipts + 1\n"
                "  return wrk.format('POST', '/api/v1/mailbox/session', "
                "{['Content-Type'] = 'application/json'}, "
                "'{\"receipt\": \"' .. receipts[i] .. '\"}')\nend\n"
            )
            login = wrk(login_lua, f"{base}/api/v1/mailbox/session", args.duration)
        finally:
            stop(server)
    threads = os.environ.get("RELAIS_WEB_THREADS", "1")
    if args.without_proof_log:
        print("(proof log switched off)")
    kind = "asyncio workers, ASGI" if app == ASGI_APP else f"sync, {threads} thread(s) each"
    print(f"Relais issue #2 figures (gunicorn, 2 workers ({kind}), PostgreSQL, wrk -t2 -c16):")
    print(
        f"  alert submissions: {submit['rps']:.0f}/s  p50 {submit['p50_ms']:.1f} ms  "
        f"p99 {submit['p99_ms']:.1f} ms  non-2xx {submit['non_2xx']:.0f}"
        "   (target >= 300/s, p99 < 150 ms)"
    )
    print(
        f"  receipt logins:    {login['rps']:.0f}/s  p50 {login['p50_ms']:.1f} ms  "
        f"p99 {login['p99_ms']:.1f} ms  non-2xx {login['non_2xx']:.0f}   (target p99 < 50 ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
