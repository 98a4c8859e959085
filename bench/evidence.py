"""Issue #4 figures for the evidence vault, printed.

    .venv/bin/python bench/evidence.py [--size-mib 1024] [--runs 3]

1. Sealing a 1 GiB upload through the vault's streaming path (intake.Intake, the code the upload
   handler runs, fed 64 KiB pieces as Django's multipart parser does; local storage), against
   `openssl dgst -sha256` plus `openssl enc -aes-256-ctr` on the same file in the same run:
   throughput and the ratio (target: at least 0.6). Best of --runs for each side.
2. Peak memory growth while sealing (VmHWM after minus VmRSS before, the peak being reset through
   /proc/self/clear_refs first; target: at most 64 MiB).
3. Reading it back (decrypting the stored blob, chunk by chunk) for reference.

The file is random bytes behind an MP4 header, so that the type check accepts it as a video.
Everything happens in a temporary folder, deleted at the end.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PIECE = 64 * 1024


def setup(folder: Path) -> None:
    os.environ["RELAIS_DATA_DIR"] = str(folder / "data")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
    import django

    django.setup()


def make_file(path: Path, size: int) -> str:
    digest = hashlib.sha256()
    with path.open("wb") as handle:
        head = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
        handle.write(head)
        digest.update(head)
        left = size - len(head)
        while left > 0:
            block = os.urandom(min(8 * 1024 * 1024, left))
            handle.write(block)
            digest.update(block)
            left -= len(block)
    return digest.hexdigest()


def openssl_seconds(path: Path, out: Path) -> float:
    key, iv = os.urandom(32).hex(), os.urandom(16).hex()
    start = time.perf_counter()
    subprocess.run(["openssl", "dgst", "-sha256", str(path)], check=True, capture_output=True)
    subprocess.run(
        [
            "openssl",
            "enc",
            "-aes-256-ctr",
            "-K",
            key,
            "-iv",
            iv,
            "-in",
            str(path),
            "-out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    elapsed = time.perf_counter() - start
    out.unlink()
    return elapsed


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def seal_seconds(path: Path) -> tuple[float, int, object]:
    from relais.evidence.intake import Intake
    from relais.evidence.storage import vault_storage

    storage = vault_storage()
    # Reset the peak RSS to the current RSS (Linux), so VmHWM is this run's peak.
    Path("/proc/self/clear_refs").write_text("5")
    before = _status("VmRSS")
    start = time.perf_counter()
    intake = Intake(max_bytes=path.stat().st_size, storage=storage)
    with path.open("rb", buffering=0) as handle:
        while piece := handle.read(PIECE):
            intake.feed(piece)
    blob = intake.finish(display_name="bench.mp4")
    elapsed = time.perf_counter() - start
    growth = _status("VmHWM") - before
    return elapsed, growth, blob


def open_seconds(blob: object) -> tuple[float, str]:
    from relais.evidence import crypto
    from relais.evidence.storage import written_name

    digest = hashlib.sha256()
    start = time.perf_counter()
    # Never committed as an item here: the bytes are still under their temporary name.
    stored = written_name(blob.storage, blob.name)  # type: ignore[attr-defined]
    with blob.storage.open(stored, "rb") as handle:  # type: ignore[attr-defined]
        for chunk in crypto.open_stream(
            handle,
            blob_id=blob.item_id,  # type: ignore[attr-defined]
            data_key=blob.data_key,  # type: ignore[attr-defined]
        ):
            digest.update(chunk)
    return time.perf_counter() - start, digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="relais-evidence-bench-"))
    try:
        setup(folder)
        size = args.size_mib * 1024 * 1024
        source = folder / "upload.bin"
        expected = make_file(source, size)
        mib = size / (1024 * 1024)
        openssl, sealing, growths = [], [], []
        for run in range(args.runs):
            openssl.append(openssl_seconds(source, folder / "upload.enc"))
            seconds, growth, blob = seal_seconds(source)
            sealing.append(seconds)
            growths.append(growth)
            assert blob.sha256 == expected, "the vault's digest differs from the file's"  # type: ignore[attr-defined]
            if run < args.runs - 1:
                blob.claimed = False  # type: ignore[attr-defined]
                blob.discard()  # type: ignore[attr-defined]
        reading, digest = open_seconds(blob)
        assert digest == expected, "the stored blob does not open to the same bytes"
        best_openssl, best_seal = min(openssl), min(sealing)
        print(f"file: {mib:.0f} MiB of random bytes (MP4 header), pieces of {PIECE // 1024} KiB")
        print(
            "openssl dgst -sha256 + enc -aes-256-ctr: "
            + ", ".join(f"{s:.2f}" for s in openssl)
            + f" s; best {best_openssl:.2f} s = {mib / best_openssl:.0f} MiB/s"
        )
        print(
            "vault sealing (hash + AES-256-GCM chunks + storage): "
            + ", ".join(f"{s:.2f}" for s in sealing)
            + f" s; best {best_seal:.2f} s = {mib / best_seal:.0f} MiB/s"
        )
        print(f"ratio (openssl time / vault time): {best_openssl / best_seal:.2f} (target >= 0.6)")
        print(
            "peak memory growth while sealing: "
            + ", ".join(f"{g / 2**20:.1f}" for g in growths)
            + f" MiB; worst {max(growths) / 2**20:.1f} MiB (target <= 64 MiB)"
        )
        print(f"reading back (decrypt + SHA-256): {reading:.2f} s = {mib / reading:.0f} MiB/s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
