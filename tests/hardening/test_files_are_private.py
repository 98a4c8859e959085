"""Everything a real run of Relais writes is for its owner alone: files 0600, folders 0700.

The test starts from a shell-like umask (022) and a fresh data directory, runs the commands and
the server as `make run` does (SQLite, as shipped; tests/scratch.py), raises an alert, adds a
file to the vault, asks for the dossier and signs a tree head, then looks at every path under the
data directory.
"""

from __future__ import annotations

import io
import os
import sqlite3
import stat
from pathlib import Path

import pytest
import requests
from PIL import Image

from tests.scratch import scratch_install

pytestmark = pytest.mark.engine_neutral("sqlite")


def _shell_umask() -> None:
    os.umask(0o022)  # what a login shell usually has: files 0644, folders 0755


@pytest.fixture
def run(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELAIS_")}  # SQLite
    with scratch_install(tmp_path, env=env, preexec_fn=_shell_umask) as install:
        install.relais("demo")
        with install.serve() as server:
            yield {
                "data": tmp_path / "data",
                "install": install,
                "base": f"http://127.0.0.1:{server.port}/api/v1",
            }


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), "red").save(out, "PNG")
    return out.getvalue()


def _use_it(base: str) -> None:
    school = requests.get(f"{base}/schools", params={"q": "Mouscron"}, timeout=20).json()
    alert = requests.post(
        f"{base}/alerts",
        json={
            "school_id": school["items"][0]["id"],
            "reporter_role": "witness",
            "categories": ["harcelement"],
            "description": "Il est bousculé chaque matin devant l'école.",
            "immediate_danger": False,
            "good_faith": True,
        },
        timeout=20,
    )
    assert alert.status_code == 201, alert.text[:300]
    session = requests.post(
        f"{base}/mailbox/session", json={"receipt": alert.json()["receipt"]}, timeout=20
    )
    bearer = {"Authorization": f"Bearer {session.json()['token']}"}
    upload = requests.post(
        f"{base}/mailbox/evidence",
        files={"file": ("capture.png", _png())},
        headers=bearer,
        timeout=60,
    )
    assert upload.status_code == 201, upload.text[:300]
    requests.get(f"{base}/mailbox/dossier.pdf", headers=bearer, timeout=120)


@pytest.mark.slow
def test_every_file_and_folder_a_run_writes_is_private(run):
    # SQLite removes its -wal and -shm files when the last connection closes: hold one open
    # (read-only) so that they are there to look at, as they are while the site runs.
    watcher = sqlite3.connect(f"file:{run['data'] / 'relais.sqlite3'}?mode=ro", uri=True)
    watcher.execute("SELECT count(*) FROM sqlite_master").fetchone()
    _use_it(run["base"])
    run["install"].relais("issue_tree_head")
    # The default storage (DATA_DIR/files): nothing of Relais writes there today, but anything
    # that does (an app, a FileField) gets Django's 0644 unless the settings say otherwise.
    run["install"].relais(
        "shell",
        "-c",
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import default_storage\n"
        "default_storage.save('probe/probe.txt', ContentFile(b'probe'))",
    )
    paths = [run["data"], *run["data"].rglob("*")]
    names = {path.name for path in paths}
    assert {"relais.sqlite3", "relais.sqlite3-wal", "secrets", "vault", "probe.txt"} <= names
    assert any(path.is_file() for path in (run["data"] / "vault").rglob("*"))
    open_to_others = [
        f"{path.relative_to(run['data'].parent)} {stat.filemode(path.stat().st_mode)}"
        for path in paths
        if path.stat().st_mode & 0o077
    ]
    watcher.close()
    assert open_to_others == [], "\n".join(open_to_others)
