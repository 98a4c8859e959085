"""Issue #9 figure for chat imports, printed: a 64 MiB chat export imported (time, peak memory).

    .venv/bin/python bench/imports.py [--size-mib 64] [--format txt|zip|telegram] [--runs 1]

Builds a WhatsApp Android export of --size-mib MiB (French, day-first, about 90 bytes a message,
some multi-line messages, media markers and system lines, one message a minute or so over a
year), or the same chat zipped, or a Telegram JSON export of that size. Then, for each run, a
child process (a fresh worker: a new SQLite database and vault in a temporary folder) migrates,
seals the file through the real intake path (intake.Intake + services.seal_evidence, fed 64 KiB
pieces), resets its peak RSS (/proc/self/clear_refs) and runs the background job's import
(imports.import_chat_export: the vault's decrypting reader, the parser, batched inserts, the
proof entry) and prints: seconds, events, and the child's peak RSS during the import (VmHWM,
target: at most 300 MB) and its RSS before. Everything is deleted at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PIECE = 64 * 1024
WORDS = [
    "tu",
    "vas",
    "voir",
    "demain",
    "au",
    "collège",
    "tout",
    "le",
    "monde",
    "sait",
    "ce",
    "que",
    "tu",
    "as",
    "fait",
    "arrête",
    "de",
    "mentir",
    "personne",
    "ne",
    "te",
    "croit",
    "on",
    "se",
    "retrouve",
    "à",
    "la",
    "sortie",
    "supprime",
    "ça",
    "tout",
    "de",
    "suite",
    "je",
    "garde",
    "tout",
    "les",
    "captures",
    "sont",
    "là",
    "ce",
    "n'est",
    "pas",
    "drôle",
    "laisse-la",
    "tranquille",
]
AUTHORS = ["Léa", "Tom", "Inès", "Noah", "+32 470 12 34 56"]


def _message(rng: random.Random, number: int) -> str:
    roll = rng.random()
    if roll < 0.03:
        return "<Médias omis>"
    if roll < 0.04:
        return f"IMG-2024{number:08d}-WA0001.jpg (fichier joint)"
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 18)))
    if roll > 0.95:
        text += "\n" + " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 10)))
    return text


def make_whatsapp(path: Path, size: int) -> int:
    """Write a WhatsApp Android export of at least `size` bytes; return its message count."""
    rng = random.Random(9)
    when = datetime(2023, 9, 1, 7, 30)
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(
            f"{when:%d/%m/%Y %H:%M} - Les messages et les appels sont chiffrés de bout en bout. "
            "Aucun tiers, pas même WhatsApp, ne peut les lire ou les écouter.\n"
        )
        written = out.tell()
        while written < size:
            when += timedelta(seconds=rng.randint(5, 75))
            if rng.random() < 0.002:
                line = f"{when:%d/%m/%Y %H:%M} - {rng.choice(AUTHORS)} a quitté le groupe\n"
            else:
                line = f"{when:%d/%m/%Y %H:%M} - {rng.choice(AUTHORS)}: {_message(rng, count)}\n"
            out.write(line)
            written += len(line.encode())
            count += 1
    with path.open("r+b") as handle:
        handle.truncate(size)  # exactly `size` bytes: the last message is cut short
    return count + 1


def make_telegram(path: Path, size: int) -> int:
    """Write a Telegram Desktop JSON export of about `size` bytes; return its message count."""
    rng = random.Random(9)
    when = datetime(2023, 9, 1, 7, 30, tzinfo=UTC)
    count = 0
    with path.open("w", encoding="utf-8") as out:
        out.write('{"name": "Classe 3B", "type": "private_group", "id": 42, "messages": [\n')
        while out.tell() < size - 1000:
            when += timedelta(seconds=rng.randint(5, 75))
            message = {
                "id": count + 1,
                "type": "message",
                "date": when.replace(tzinfo=None).isoformat(),
                "date_unixtime": str(int(when.timestamp())),
                "from": rng.choice(AUTHORS),
                "from_id": f"user{rng.randint(1, 5)}",
                "text": _message(rng, count),
                "text_entities": [],
            }
            out.write(("" if count == 0 else ",\n") + json.dumps(message, ensure_ascii=False))
            count += 1
        out.write("\n]}\n")
    return count


def child(path: Path, name: str) -> None:
    """In a fresh process: migrate, seal the file, import it; print one JSON line."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)

    from scene import new_alert  # bench/scene.py

    from relais.evidence.intake import Intake
    from relais.evidence.services import seal_evidence
    from relais.timeline.imports import import_chat_export

    alert = new_alert()
    intake = Intake(max_bytes=path.stat().st_size + 1)
    with path.open("rb", buffering=0) as handle:
        while piece := handle.read(PIECE):
            intake.feed(piece)
    blob = intake.finish(display_name=name)
    # The task it queues (database backend) is not run: the import below is the one measured.
    item = seal_evidence(alert=alert, blob=blob, occurred_at=None, platform="whatsapp")
    item.refresh_from_db()
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM := VmRSS (Linux)
    before = _status("VmRSS")
    started, cpu = time.perf_counter(), time.process_time()
    done = import_chat_export(item=item)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    peak = _status("VmHWM")
    print(
        json.dumps(
            {
                "status": done.status,
                "reason": done.reason,
                "events": done.event_count,
                "problems": len(done.problems),
                "seconds": seconds,
                "cpu": cpu_seconds,
                "rss_before": before,
                "peak_rss": peak,
            }
        )
    )


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=64)
    parser.add_argument("--format", choices=["txt", "zip", "telegram"], default="txt")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--child", nargs=2, metavar=("PATH", "NAME"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), args.child[1])
        return
    folder = Path(tempfile.mkdtemp(prefix="relais-imports-bench-"))
    try:
        size = args.size_mib * 1024 * 1024
        if args.format == "telegram":
            path, name = folder / "result.json", "result.json"
            messages = make_telegram(path, size)
        else:
            text = folder / "WhatsApp Chat with Classe 3B.txt"
            messages = make_whatsapp(text, size)
            path, name = text, text.name
            if args.format == "zip":
                path, name = folder / "WhatsApp Chat with Classe 3B.zip", "chat.zip"
                with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
                    archive.write(text, text.name)
        print(
            f"export: {args.format}, {path.stat().st_size / 2**20:.1f} MiB "
            f"({size / 2**20:.0f} MiB of chat text), {messages} messages"
        )
        for run in range(args.runs):
            env = dict(os.environ)
            env["RELAIS_DATA_DIR"] = str(folder / f"data-{run}")
            env.pop("RELAIS_DATABASE_URL", None)
            env.pop("RELAIS_STORAGE", None)
            env.pop("RELAIS_CACHE_URL", None)
            done = subprocess.run(
                [sys.executable, __file__, "--child", str(path), name],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                raise SystemExit(done.stderr)
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            if figures["status"] != "imported":
                raise SystemExit(f"not imported: {figures}")
            print(
                f"run {run + 1}: {figures['seconds']:.1f} s (CPU {figures['cpu']:.1f} s), "
                f"{figures['events']} events, {figures['problems']} problems; "
                f"RSS before {figures['rss_before'] / 1e6:.0f} MB, "
                f"peak during the import {figures['peak_rss'] / 1e6:.0f} MB (target <= 300 MB)"
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
