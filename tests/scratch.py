"""A scratch install of Relais and its web server, started the way `make run` starts them.

For the tests that need the real thing: other processes, gunicorn's workers, the cache table that
`relais createcachetable` makes. Each install has a data folder of its own and a database of its
own: SQLite in that folder, or, when RELAIS_DATABASE_URL is set, a PostgreSQL database whose name
is new for each install, so that the SQLite and PostgreSQL passes of `make test` (run side by
side) and two checkouts on one machine never share one. The database is dropped afterwards.

A test module makes one install in a module-scoped fixture (a migration costs seconds) and starts
on it the servers its tests need, one per configuration, not one per test.
"""

from __future__ import annotations

import http.client
import os
import secrets
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
START_SECONDS = 120  # gunicorn and Django, loaded on a busy machine

# An organisation for Belgian schools and one school it covers, the least an alert needs.
SCHOOL = (
    "import django; django.setup()\n"
    "from relais.accounts.models import Organisation\n"
    "from relais.schools.models import School\n"
    "Organisation.objects.create(name='Asso', jurisdictions=['be-fwb'])\n"
    "s = School(name='Institut Sainte-Marie', city='Mouscron', code='4321',"
    " jurisdiction='be-fwb', direction_email='direction@ecole.example')\n"
    "s.refresh_search_text(); s.save()\n"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_run_server_command() -> list[str]:
    """The server command of the Makefile's `run` recipe, with $(VENV) resolved."""
    recipe = (ROOT / "Makefile").read_text().split("\nrun:", 1)[1].split("\n\n", 1)[0]
    line = next(part for part in recipe.splitlines() if "/bin/gunicorn" in part)
    words = shlex.split(line.strip().rstrip("\\").strip().rstrip("&").strip())
    return [word.replace("$(VENV)/bin/", f"{BIN}/") for word in words]


@dataclass
class Server:
    port: int
    log: Path
    process: subprocess.Popen[bytes]


@dataclass
class Install:
    folder: Path  # holds the data folder ("data") and the servers' logs
    env: dict[str, str]
    preexec_fn: Callable[[], None] | None = None

    def relais(self, *args: str) -> str:
        """Runs `relais ARGS` on this install; its standard output."""
        return self._run([str(BIN / "relais"), *args])

    def python(self, code: str) -> str:
        """Runs Python code in a process of its own on this install; its standard output."""
        return self._run([str(BIN / "python"), "-c", code]).strip()

    def _run(self, command: list[str]) -> str:
        return subprocess.run(
            command,
            env=self.env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
            preexec_fn=self.preexec_fn,
        ).stdout

    @contextmanager
    def serve(self, name: str = "server", **extra: str) -> Iterator[Server]:
        """gunicorn with `make run`'s command on a free loopback port, until it answers; the
        `extra` variables on top of the install's. Its output goes to FOLDER/NAME.log."""
        port = free_port()
        env = {**self.env, **extra, "RELAIS_BIND": f"127.0.0.1:{port}"}
        log = self.folder / f"{name}.log"
        with log.open("w") as out:
            process = subprocess.Popen(
                make_run_server_command(),
                env=env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                preexec_fn=self.preexec_fn,
            )
        try:
            wait_until_answering(process, port, log)
            yield Server(port=port, log=log, process=process)
        finally:
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_answering(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    """Until the server answers a request. gunicorn listens before its workers have loaded
    Django: a request sent then waits for them, on a busy machine longer than a test's own
    timeout allows."""
    deadline = time.monotonic() + START_SECONDS
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped:\n{log.read_text()}")
        left = deadline - time.monotonic()
        if left <= 0:
            raise RuntimeError(f"the server does not answer:\n{log.read_text()}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=left)
        try:
            connection.request("GET", "/")
            connection.getresponse().read()
            return
        except (OSError, http.client.HTTPException):
            time.sleep(0.05)
        finally:
            connection.close()


def _psql(admin_url: str, sql: str) -> None:
    subprocess.run(["psql", admin_url, "-qc", sql], check=True, capture_output=True)


@contextmanager
def scratch_install(
    folder: Path,
    *,
    env: dict[str, str] | None = None,
    preexec_fn: Callable[[], None] | None = None,
    **extra: str,
) -> Iterator[Install]:
    """A migrated install with its cache table, its data in FOLDER/data. `env` replaces the
    environment the install starts from (os.environ), `extra` adds to it."""
    env = dict(os.environ if env is None else env)
    env.update(RELAIS_DATA_DIR=str(folder / "data"), DJANGO_SETTINGS_MODULE="relais.settings")
    env.update(extra)
    pg_url = env.get("RELAIS_DATABASE_URL", "")
    admin, database = "", ""
    if pg_url:
        server, base = pg_url.rsplit("/", 1)
        admin, database = f"{server}/postgres", f"{base}_{secrets.token_hex(4)}"
        _psql(admin, f'CREATE DATABASE "{database}"')
        env["RELAIS_DATABASE_URL"] = f"{server}/{database}"
    try:
        install = Install(folder=folder, env=env, preexec_fn=preexec_fn)
        install.relais("migrate", "-v0")
        install.relais("createcachetable")
        yield install
    finally:
        if database:
            _psql(admin, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
