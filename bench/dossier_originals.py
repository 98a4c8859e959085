"""Issue #10 point 12, measured: the dossier with four 50 MB originals embedded (the request that
took 13 s and 556 MB of worker memory, on every call).

    .venv/bin/python bench/dossier_originals.py [--items 4] [--mb 50] [--code DIR]

In a temporary folder (a fresh SQLite database and vault, deleted at the end): one alert, then
--items files of --mb MB each, sealed through the real intake path (videos: an MP4 header and
random bytes, which no compressor shrinks, as a phone's video). Then, in a new process that has
only started Django (so its memory is that of a worker about to take the job), the dossier with
the originals is made by `documents.services.generate_document`, and made again with nothing
changed. Prints, for each: wall-clock and CPU seconds, the process's resident memory before and
its peak (ru_maxrss) after, the sealed file's size, and the proof entries added. Checks that the
PDF says PDF/A-3B and that every attachment has the SHA-256 of its original (pikepdf, reading
the sealed file back chunk by chunk into a temporary file).

--code DIR runs the whole bench on another checkout of Relais (for instance an export of
an older commit, `git archive <commit> | tar -x -C DIR`) against the same data, to compare.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(folder: Path, code: Path) -> None:
    sys.path.insert(0, str(code))
    os.environ["RELAIS_DATA_DIR"] = str(folder / "data")
    os.environ.pop("RELAIS_DATABASE_URL", None)
    os.environ.pop("RELAIS_STORAGE", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
    import django

    django.setup()


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def video(size: int) -> Iterator[bytes]:
    """An MP4 header then random bytes, in 1 MiB pieces (never whole in memory)."""
    yield b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"
    left = size - 24
    while left > 0:
        piece = os.urandom(min(left, 1024 * 1024))
        left -= len(piece)
        yield piece


def make_alert(items: int, size: int) -> tuple[str, list[str]]:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from datetime import UTC, datetime, timedelta

    from relais.alerts.services import submit_alert
    from relais.evidence.intake import Intake
    from relais.evidence.services import seal_evidence
    from relais.schools.models import School

    school = School.objects.create(
        name="Institut Saint-Henri", city="Mouscron", code="5432", jurisdiction="be-fwb"
    )
    alert = submit_alert(
        school=school,
        reporter_role="parent",
        categories=["harcelement"],
        description="Bench.",
        immediate_danger=False,
        good_faith=True,
    ).alert
    start = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)
    digests = []
    for number in range(items):
        intake = Intake(max_bytes=size + 1)
        for piece in video(size):
            intake.feed(piece)
        blob = intake.finish(display_name=f"video-{number}.mp4")
        item = seal_evidence(alert=alert, blob=blob, occurred_at=start + timedelta(days=number))
        digests.append(item.sha256)
    return str(alert.pk), digests


def build(alert_id: str) -> dict[str, object]:
    """One process, as a worker: the dossier with originals, then the same call again."""
    from relais.alerts.models import Alert
    from relais.documents.services import generate_document
    from relais.proofs.models import ProofEntry

    alert = Alert.objects.get(pk=alert_id)
    figures: dict[str, object] = {"rss_before_mib": round(rss_mib(), 1)}
    runs = []
    for _call in range(2):
        entries = ProofEntry.objects.count()
        started, cpu = time.perf_counter(), time.process_time()
        document = generate_document(
            alert=alert,
            kind="dossier",
            options={"embed_originals": True},
            actor=None,
            actor_kind="reporter",
        )
        runs.append(
            {
                "seconds": round(time.perf_counter() - started, 2),
                "cpu_seconds": round(time.process_time() - cpu, 2),
                "peak_rss_mib": round(peak_mib(), 1),
                "document": str(document.pk),
                "size_mib": round(document.size / 2**20, 1),
                "proof_entries_added": ProofEntry.objects.count() - entries,
            }
        )
    figures["calls"] = runs
    return figures


def check(document_id: str, digests: list[str]) -> str:
    import pikepdf

    from relais.documents.models import GeneratedDocument
    from relais.evidence.services import plaintext

    document = GeneratedDocument.objects.get(pk=document_id)
    with tempfile.TemporaryFile() as handle:
        for chunk in plaintext(document):
            handle.write(chunk)
        handle.seek(0)
        with pikepdf.open(handle) as pdf:
            found = set()
            for spec in pdf.attachments.values():
                digest = hashlib.sha256()
                digest.update(spec.get_file().read_bytes())
                found.add(digest.hexdigest())
            status = pdf.open_metadata().pdfa_status
    if found != set(digests):
        raise SystemExit("the attachments are not the originals")
    return f"PDF/A {status}, {len(found)} attachments with their originals' SHA-256"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=4)
    parser.add_argument("--mb", type=int, default=50, help="size of each original, in MB")
    parser.add_argument("--code", type=Path, default=ROOT, help="the Relais checkout measured")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # the child process: alert id
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        setup(args.folder, args.code)
        print(json.dumps(build(args.measure)))
        return
    folder = Path(tempfile.mkdtemp(prefix="relais-originals-bench-"))
    try:
        setup(folder, args.code.resolve())
        started = time.perf_counter()
        alert_id, digests = make_alert(args.items, args.mb * 1000 * 1000)
        print(
            f"sealed {args.items} files of {args.mb} MB in {time.perf_counter() - started:.1f} s"
            " (setup)"
        )
        command = [sys.executable, __file__, "--measure", alert_id, "--folder", str(folder)]
        child = subprocess.run(
            [*command, "--code", str(args.code.resolve())],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": str(args.code.resolve())},
        )
        figures = json.loads(child.stdout.strip().splitlines()[-1])
        print(f"code measured: {args.code.resolve()}")
        print(f"worker process before the job: {figures['rss_before_mib']} MiB resident")
        for number, run in enumerate(figures["calls"], start=1):
            print(
                f"call {number}: {run['seconds']} s (CPU {run['cpu_seconds']} s), peak "
                f"{run['peak_rss_mib']} MiB resident, dossier {run['size_mib']} MiB, "
                f"{run['proof_entries_added']} proof entr(y/ies) added, document {run['document']}"
            )
        print(check(figures["calls"][-1]["document"], digests))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
