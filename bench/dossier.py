"""Issue #4 figure for documents, printed: the evidence dossier of 200 items (target: < 10 s).

    .venv/bin/python bench/dossier.py [--items 200] [--runs 3]

In a temporary folder (a fresh SQLite database and vault, deleted at the end): one alert, then
--items photos (640x480 JPEGs with EXIF and GPS, about 40 KB each) sealed through the real
intake path (intake.Intake + services.seal_evidence: hashing, sealing, stripped copy,
thumbnail, proof entry). Then documents.services.generate_document(kind="dossier") is timed,
from the database query to the sealed PDF and its proof entry: without the originals, then with
them embedded (each run types another child's name, so that each builds a new dossier instead of
serving the one sealed for the same inputs). Prints wall-clock seconds (best and every run)
and the process's CPU time (which other load on the machine moves less), pages and size; checks
that the PDF says PDF/A-3B (pikepdf, when installed) and holds every item's SHA-256 (pdftotext).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(folder: Path) -> None:
    os.environ["RELAIS_DATA_DIR"] = str(folder / "data")
    os.environ.pop("RELAIS_DATABASE_URL", None)
    os.environ.pop("RELAIS_STORAGE", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def photo(number: int) -> bytes:
    """A 640x480 photo-like JPEG (noise and bands) with EXIF date, device and GPS."""
    from PIL import Image, ImageDraw

    rng = random.Random(number)
    image = Image.effect_noise((640, 480), 40).convert("RGB")
    draw = ImageDraw.Draw(image)
    for band in range(8):
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.rectangle((0, band * 60, 640, band * 60 + 30), fill=colour)
    exif = Image.Exif()
    exif[0x010F] = "Fairphone"
    exif[0x0132] = f"2025:03:{1 + number % 28:02d} 16:20:00"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (50.0, 44.0, 40.5)
    gps[3], gps[4] = "E", (3.0, 12.0, 36.0)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80, exif=exif)
    return out.getvalue()


def make_alert(count: int):
    from datetime import UTC, datetime, timedelta

    from scene import new_alert  # bench/scene.py

    from relais.evidence.intake import Intake
    from relais.evidence.services import seal_evidence

    alert = new_alert()
    start = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)
    digests = []
    for number in range(count):
        intake = Intake(max_bytes=50 * 1024 * 1024)
        intake.feed(photo(number))
        blob = intake.finish(display_name=f"capture-{number:03d}.jpg")
        item = seal_evidence(
            alert=alert,
            blob=blob,
            occurred_at=start + timedelta(hours=7 * number),
            platform=random.Random(number).choice(["instagram", "whatsapp", "snapchat"]),
        )
        digests.append(item.sha256)
    return alert, digests


def pdf_of(document) -> bytes:
    from relais.evidence.services import plaintext

    return b"".join(plaintext(document))


def check(data: bytes, digests: list[str]) -> tuple[int, str, int]:
    """(pages, PDF/A status, attachments), after checking every digest is in the text."""
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    missing = [d for d in digests if d not in text]
    if missing:
        raise SystemExit(f"{len(missing)} digests missing from the dossier's text")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    try:
        import pikepdf
    except ImportError:
        return pages, "(pikepdf not installed)", -1
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages), pdf.open_metadata().pdfa_status, len(pdf.attachments)


def measure(alert, digests: list[str], *, embed: bool, runs: int) -> None:
    from relais.documents.services import generate_document

    times = []
    cpu = []
    document = None
    for run in range(runs):
        started = time.perf_counter()
        cpu_started = time.process_time()
        document = generate_document(
            alert=alert,
            kind="dossier",
            # A dossier is built once per change: another typed name makes each run build.
            options={"embed_originals": embed, "victim_name": f"Run {run}"},
            actor=None,
            actor_kind="reporter",
        )
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    assert document is not None
    data = pdf_of(document)
    pages, pdfa, attached = check(data, digests)
    label = "with the originals embedded" if embed else "without the originals"
    print(
        f"dossier of {len(digests)} items, {label}: best {min(times):.2f} s "
        f"(runs: {', '.join(f'{t:.2f}' for t in times)}; CPU time best {min(cpu):.2f} s); "
        f"{pages} pages, "
        f"{len(data) / 1024 / 1024:.1f} MiB, PDF/A {pdfa}, {attached} attachments "
        f"[target < 10 s]"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="relais-dossier-bench-"))
    try:
        setup(folder)
        started = time.perf_counter()
        alert, digests = make_alert(args.items)
        print(f"sealed {args.items} photos in {time.perf_counter() - started:.1f} s (setup)")
        measure(alert, digests, embed=False, runs=args.runs)
        measure(alert, digests, embed=True, runs=args.runs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
