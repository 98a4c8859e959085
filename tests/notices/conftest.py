"""Fixtures for notices: a real SMTP server on loopback (aiosmtpd) and a real worker process.

The worker runs as `.venv/bin/relais send_outbox --once`, a separate process, so it only sees
committed rows: those tests use the transactional database. On PostgreSQL the process opens the
test database itself. On SQLite pytest-django's test database lives in memory, where no other
process can reach it, so the rows are copied to a file with SQLite's backup API before the worker
runs and copied back after it exits (Worker.run).

And what the notice tests start from: an organisation the school can answer (`answerable`), a
triaged alert (`triaged`, `triaged_alert`), the template's draft sent (`send_draft`).
"""

from __future__ import annotations

import email
import email.policy
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from relais.alerts.services import move_alert
from relais.alerts.workflow import Status
from relais.notices import services
from tests.factories import make_alert
from tests.scratch import free_port

RELAIS = str(Path(sys.executable).parent / "relais")
ACK_LINK_RE = re.compile(r"(https?://\S+/ack/\?t=([A-Za-z0-9_-]+))")


@dataclass
class Sink:
    """What the SMTP server received. ``reject`` makes it refuse recipients with a 550."""

    messages: list[EmailMessage] = field(default_factory=list)
    reject: bool = False

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if self.reject:
            return "550 5.1.1 <" + address + ">: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 2.0.0 Ok: queued as RELAISTEST"

    def with_id(self, message_id: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["Message-ID"] == message_id]


class SMTPServer:
    def __init__(self, port: int) -> None:
        self.port = port
        self.sink = Sink()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings: Any) -> Iterator[SMTPServer]:
    """A running SMTP server on a free loopback port; the settings point at it."""
    server = SMTPServer(free_port())
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_USE_TLS = False
    settings.OUTBOX_BACKOFF_SECONDS = [0]
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_down(settings: Any) -> Iterator[SMTPServer]:
    """A port where nothing listens yet; start() brings the server up."""
    server = SMTPServer(free_port())
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_USE_TLS = False
    settings.OUTBOX_BACKOFF_SECONDS = [0]
    yield server
    server.stop()


@pytest.fixture
def triaged(submitted: Any, alice: Any) -> Any:
    """alice's alert, triaged: ready for a notice."""
    return move_alert(alert=submitted.alert, to=Status.TRIAGED, actor=alice)


@pytest.fixture
def answerable(be_org: Any) -> Any:
    """alice's organisation, with an address the school can answer: a notice is sent only then.
    Tests that send notices of their own take it with `pytest.mark.usefixtures`."""
    be_org.email = "contact@asbl.example"
    be_org.save()
    return be_org


def triaged_alert(school: Any, actor: Any, **fields: Any) -> Any:
    """A new alert about `school` (with the fields make_alert takes), triaged by `actor`."""
    return move_alert(alert=make_alert(school, **fields).alert, to=Status.TRIAGED, actor=actor)


def send_draft(alert: Any, actor: Any, **fields: Any) -> Any:
    """The alert's notice as drafted from the template, sent with `fields` (facts, not_names,
    override_reason): the Notice, or RedactionBlocked."""
    from relais.notices.compose import draft_for

    subject, body = draft_for(alert)
    return services.send_notice(alert=alert, actor=actor, subject=subject, body=body, **fields)


PLAIN_FACTS = "Un élève reçoit des moqueries répétées pendant les récréations depuis un mois."


def queue_plain_notice(alert: Any, actor: Any) -> Any:
    """A notice with no identifying detail, committed to the outbox."""
    return send_draft(alert, actor, facts=PLAIN_FACTS)


def ack_link(message: EmailMessage) -> tuple[str, str]:
    """(full URL, token) of the acknowledgment link in a received e-mail."""
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    match = ACK_LINK_RE.search(body.get_content())
    assert match, "no acknowledgment link in the e-mail"
    return match.group(1), match.group(2)


class Worker:
    """Runs `relais send_outbox --once` as a separate process against the test database."""

    def __init__(self, tmp: Path, smtp_port: int, site_url: str) -> None:
        self.tmp = tmp
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "relais.settings",
            "RELAIS_DATA_DIR": str(tmp),
            "RELAIS_SMTP_HOST": "127.0.0.1",
            "RELAIS_SMTP_PORT": str(smtp_port),
            "RELAIS_SMTP_USER": "",
            "RELAIS_SMTP_STARTTLS": "0",
            "RELAIS_OUTBOX_BACKOFF": "0",
            # A restarted worker treats every unfinished attempt as interrupted at once.
            "RELAIS_OUTBOX_LEASE_SECONDS": "0",
            "RELAIS_SITE_URL": site_url,
        }
        self.env.pop("RELAIS_FAULT_POINT", None)
        db = connection.settings_dict
        self.sqlite = connection.vendor == "sqlite"
        if not self.sqlite:
            user = db.get("USER") or "postgres"
            host = db.get("HOST") or "127.0.0.1"
            port = db.get("PORT") or "5432"
            self.env["RELAIS_DATABASE_URL"] = f"postgresql://{user}@{host}:{port}/{db['NAME']}"
        else:
            self.env.pop("RELAIS_DATABASE_URL", None)

    @property
    def db_file(self) -> Path:
        return self.tmp / "relais.sqlite3"

    def _push(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.db_file}{suffix}").unlink(missing_ok=True)
        connection.ensure_connection()
        target = sqlite3.connect(self.db_file)
        connection.connection.backup(target)
        target.close()

    def _pull(self) -> None:
        source = sqlite3.connect(self.db_file)
        source.backup(connection.connection)
        source.close()

    def run(self, *, fault: str = "") -> subprocess.CompletedProcess[str]:
        env = dict(self.env)
        if fault:
            env["RELAIS_FAULT_POINT"] = fault
        if self.sqlite:
            self._push()
        done = subprocess.run(
            [RELAIS, "send_outbox", "--once"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if self.sqlite:
            self._pull()
        return done


@pytest.fixture
def worker(transactional_db: Any, tmp_path: Path, smtp: SMTPServer, settings: Any) -> Worker:
    return Worker(tmp_path, smtp.port, settings.SITE_URL)
