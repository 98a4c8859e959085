"""Issue #10 figure: how long an alert waits while a large chat export is imported, on SQLite.

    .venv/bin/python bench/import_lock.py [--size-mib 16] [--code DIR]

Builds a WhatsApp export of --size-mib MiB (bench/imports.py's generator), then, in a child
process (a fresh SQLite database with WAL, as shipped, and a vault in a temporary folder):
seals it, starts the background job's import (imports.import_chat_export) in a thread, and
meanwhile submits an alert every 0.2 s from the main thread (submit_alert, its own database
connection), until the import ends. Prints the import's seconds and, for the alerts, how many
were written, how many failed with "database is locked" (after SQLite's 20 s timeout), and
their median and longest wait.

--code DIR runs the child on another checkout of Relais, for instance the code before this
change: `git archive 213d490 | tar -x -C /tmp/before`, then `--code /tmp/before`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIECE = 64 * 1024
GAP_S = 0.2


def child(path: Path) -> None:
    """In a fresh process: migrate, seal the export, import it while posting alerts."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import OperationalError, connection

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)

    from relais.alerts.services import submit_alert
    from relais.evidence.intake import Intake
    from relais.evidence.services import seal_evidence
    from relais.schools.models import School
    from relais.timeline.imports import import_chat_export

    school = School.objects.create(
        name="Institut Saint-Henri", city="Mouscron", code="5432", jurisdiction="be-fwb"
    )

    def alert():
        return submit_alert(
            school=school,
            reporter_role="parent",
            categories=["harcelement"],
            description="Bench: an alert posted while an export is imported.",
            immediate_danger=False,
            good_faith=True,
        )

    first = alert().alert
    intake = Intake(max_bytes=path.stat().st_size + 1)
    with path.open("rb", buffering=0) as handle:
        while piece := handle.read(PIECE):
            intake.feed(piece)
    item = seal_evidence(
        alert=first,
        blob=intake.finish(display_name="WhatsApp Chat with Classe 3B.txt"),
    )
    item.refresh_from_db()

    finished = threading.Event()
    outcome: dict = {}

    def run() -> None:
        started = time.perf_counter()
        try:
            done = import_chat_export(item=item)
            outcome.update(status=done.status, events=done.event_count)
        finally:
            outcome["seconds"] = time.perf_counter() - started
            finished.set()
            connection.close()

    importer = threading.Thread(target=run)
    importer.start()
    waits: list[float] = []
    failed = 0
    while not finished.is_set():
        started = time.perf_counter()
        try:
            alert()
        except OperationalError:
            failed += 1
        waits.append(time.perf_counter() - started)
        finished.wait(GAP_S)
    importer.join()
    print(json.dumps({**outcome, "waits": waits, "failed": failed}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=16)
    parser.add_argument("--code", type=Path, default=ROOT, help="the Relais checkout measured")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from imports import make_whatsapp  # bench/imports.py

    folder = Path(tempfile.mkdtemp(prefix="relais-import-lock-"))
    try:
        text = folder / "WhatsApp Chat with Classe 3B.txt"
        messages = make_whatsapp(text, args.size_mib * 1024 * 1024)
        code = args.code.resolve()
        print(f"export: WhatsApp text, {args.size_mib} MiB, {messages} messages; code: {code}")
        env = {**os.environ, "RELAIS_DATA_DIR": str(folder / "data"), "PYTHONPATH": str(code)}
        for name in ("RELAIS_DATABASE_URL", "RELAIS_STORAGE", "RELAIS_CACHE_URL"):
            env.pop(name, None)
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(text)],
            cwd=code,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise SystemExit(done.stderr[-3000:])
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        waits = figures["waits"]
        print(
            f"import: {figures['status']}, {figures['events']} events in {figures['seconds']:.1f} s"
        )
        print(
            f"alerts meanwhile: {len(waits) - figures['failed']} written, "
            f"{figures['failed']} failed (database is locked); wait median "
            f"{statistics.median(waits) * 1000:.0f} ms, longest {max(waits) * 1000:.0f} ms "
            "(target: no failure, no wait near SQLite's 20 s timeout)"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
