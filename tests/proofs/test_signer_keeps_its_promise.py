"""The signer, run as `make run` runs it, keeps the promise a new alert's answer carries: the
entry is in a signed tree head whose own time is no later than the promise's merge_by.

Every process is real: the background processes of the Makefile's `run` target (the `relais`
commands it starts beside gunicorn), started with the same commands and left running, and the
alert, submitted by another `relais` process while it runs, as a web worker would. They reach the
test database as the notices' worker does (tests/notices/conftest.py): on PostgreSQL directly; on
SQLite through a file copied from the in-memory test database and copied back at the end. The
assertion is on the log's own times, never on how long the test took; the deadline only keeps a
broken signer from hanging the suite."""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from django.db import connection

from relais.proofs import signing
from relais.proofs.formats import parse_time
from relais.proofs.models import ProofEntry, TreeHead
from relais.proofs.receipts import proof_for, receipt_file
from relais.proofs.verify import verify_promise, verify_receipt
from tests.factories import SchoolFactory

RELAIS = str(Path(sys.executable).parent / "relais")
SIGNER = [RELAIS, "worker"]  # the line of the Makefile's `run` target
MAKEFILE = Path(__file__).resolve().parents[2] / "Makefile"
DEADLINE_SECONDS = 120
SUBMIT = """
import json
from relais.alerts.services import submit_alert
from relais.proofs.promises import promise_for
from relais.schools.models import School
submitted = submit_alert(
    school=School.objects.get(pk="{school}"), reporter_role="witness",
    categories=["harcelement"], description="Des insultes chaque jour.",
    immediate_danger=False, good_faith=True,
)
print(json.dumps(promise_for(submitted.proof_entry)))
"""


def background_commands() -> list[list[str]]:
    """The `relais` commands the Makefile's `run` target starts in the background."""
    recipe = MAKEFILE.read_text().split("\nrun:", 1)[1].split("\n\n", 1)[0]
    lines = re.findall(r"\$\(VENV\)/bin/relais ([^&\n]+?) &", recipe)
    return [[RELAIS, *shlex.split(line)] for line in lines]


def test_make_run_starts_relais_processes_beside_the_web_server():
    assert background_commands()


class Database:
    """The test database as other processes reach it."""

    def __init__(self, tmp: Path, school: str) -> None:
        self.school = school
        self.file = tmp / "relais.sqlite3"
        self.sqlite = connection.vendor == "sqlite"
        key = signing.private_key().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "relais.settings",
            "RELAIS_DATA_DIR": str(tmp),
            "RELAIS_SIGNING_KEY": key.decode("ascii"),  # the heads signed with the test's key
            "RELAIS_TSA_URLS": "",
        }
        for name in ("RELAIS_PROOF_MERGE_DELAY", "RELAIS_PROOFS_SIGN_INTERVAL"):
            self.env.pop(name, None)  # the defaults, as `make run` has them
        if self.sqlite:
            self.env.pop("RELAIS_DATABASE_URL", None)
            connection.ensure_connection()
            target = sqlite3.connect(self.file)
            connection.connection.backup(target)
            target.close()
        else:
            db = connection.settings_dict
            where = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or '5432'}"
            self.env["RELAIS_DATABASE_URL"] = (
                f"postgresql://{db.get('USER') or 'postgres'}@{where}/{db['NAME']}"
            )

    def value(self, sql: str, params: tuple = ()) -> object:
        """One value, read as another process sees the database now."""
        if self.sqlite:
            with sqlite3.connect(self.file, timeout=20) as reader:
                row = reader.execute(sql, params).fetchone()
        else:
            with connection.cursor() as cursor:
                cursor.execute(sql.replace("?", "%s"), params)
                row = cursor.fetchone()
        return None if row is None else row[0]

    def wait_for(self, sql: str, params: tuple, processes: list[subprocess.Popen]) -> object:
        deadline = time.monotonic() + DEADLINE_SECONDS
        while (found := self.value(sql, params)) is None:
            assert all(p.poll() is None for p in processes), "a background process stopped"
            assert time.monotonic() < deadline, "the signer did nothing before the deadline"
            time.sleep(0.1)
        return found

    def pull(self) -> None:
        if self.sqlite:
            source = sqlite3.connect(self.file)
            source.backup(connection.connection)
            source.close()


@pytest.fixture
def database(transactional_db, tmp_path) -> Database:
    return Database(tmp_path, str(SchoolFactory().pk))


def test_a_promised_entry_is_in_a_signed_tree_head_by_its_merge_by(database):
    started = [
        subprocess.Popen(command, env=database.env, stdout=subprocess.DEVNULL)
        for command in background_commands()
    ]
    try:
        # Running: the first signing round signs the empty log's head.
        database.wait_for("SELECT id FROM proofs_treehead WHERE tree_size = 0", (), started)
        submitted = subprocess.run(
            [RELAIS, "shell", "-c", SUBMIT.format(school=database.school)],
            env=database.env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert submitted.returncode == 0, submitted.stderr
        promise = json.loads(submitted.stdout.strip().splitlines()[-1])
        verify_promise(receipt_file(promise))
        digest = promise["entry"]["digest"]
        leaf = database.wait_for(
            "SELECT leaf_index FROM proofs_proofentry WHERE digest = ? "
            "AND leaf_index < (SELECT max(tree_size) FROM proofs_treehead)",
            (digest,),
            started,
        )
    finally:
        for process in started:
            process.send_signal(signal.SIGINT)
        for process in started:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    database.pull()

    entry = ProofEntry.objects.get(digest=digest)
    assert entry.leaf_index == leaf
    head = TreeHead.objects.filter(tree_size__gt=leaf).order_by("tree_size").first()
    assert head is not None
    assert head.timestamp <= entry.merge_by == parse_time(promise["promise"]["merge_by"])
    receipt = proof_for(entry)
    assert verify_receipt(receipt_file(receipt)).tree_size == head.tree_size
    assert parse_time(receipt["tree_head"]["timestamp"]) <= parse_time(
        promise["promise"]["merge_by"]
    )
