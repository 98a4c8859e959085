"""A reporter's address and user agent end up nowhere: not in the database, files or logs.

The test runs the real thing: gunicorn with its access log on, a scratch install (SQLite, or
PostgreSQL when RELAIS_DATABASE_URL is set; tests/scratch.py), requests sent from a recognisable
loopback source address with an X-Forwarded-For header and a unique user agent, through the
HTML form, the mailbox and the API, including error paths. Then every byte of the database, the
data directory and the server's output is searched for the three.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests.scratch import SCHOOL, scratch_install

SOURCE_ADDRESS = "127.66.77.88"  # any 127/8 address is loopback on Linux
FORWARDED_FOR = "198.51.100.23"
USER_AGENT = "Mozilla/5.0 RelaisPrivacyProbe/7.3"
NEEDLES = [SOURCE_ADDRESS, FORWARDED_FOR, "RelaisPrivacyProbe"]


class Visitor:
    """A browser-like client bound to SOURCE_ADDRESS that keeps cookies."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=20, source_address=(SOURCE_ADDRESS, 0)
        )
        sent = {
            "User-Agent": USER_AGENT,
            "X-Forwarded-For": FORWARDED_FOR,
            "X-Real-IP": FORWARDED_FOR,
            "Host": f"127.0.0.1:{self.port}",
            "Origin": f"http://127.0.0.1:{self.port}",
            "Referer": f"http://127.0.0.1:{self.port}/",
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent.update(headers or {})
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        text = response.read().decode("utf-8", "replace")
        connection.close()
        return response.status, text

    def form(self, path: str, fields: list[tuple[str, str]], page: str) -> tuple[int, str]:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "the page has a CSRF token"
        body = urlencode([("csrfmiddlewaretoken", token.group(1)), *fields]).encode()
        return self.request(
            "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"}
        )

    def api(self, method: str, path: str, payload: object, token: str = "") -> tuple[int, dict]:
        headers = {"Content-Type": "application/json", "Accept-Language": "fr"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        status, text = self.request(method, path, json.dumps(payload).encode(), headers)
        return status, json.loads(text) if text.startswith("{") else {}


@pytest.fixture
def server(tmp_path: Path):
    with scratch_install(
        tmp_path,
        RELAIS_TRUSTED_PROXIES="1",
        RELAIS_ACCESS_LOG="1",
        RELAIS_LOG_LEVEL="DEBUG",
        RELAIS_WEB_WORKERS="1",
    ) as install:
        school_id = install.python(SCHOOL + "print(s.pk)")
        with install.serve("server") as running:  # its output in tmp_path/server.log
            yield {
                "port": running.port,
                "school_id": school_id,
                "tmp": tmp_path,
                "env": install.env,
            }


def search_everything(tmp: Path, env: dict[str, str]) -> list[str]:
    found = []
    for path in tmp.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{needle} in {path.name}" for needle in NEEDLES if needle.encode() in data]
    if "RELAIS_DATABASE_URL" in env:
        dump = subprocess.run(
            ["pg_dump", env["RELAIS_DATABASE_URL"]], check=True, capture_output=True
        ).stdout
        found += [f"{needle} in pg_dump" for needle in NEEDLES if needle.encode() in dump]
    return found


def send_malformed(port: int) -> None:
    """Requests gunicorn itself refuses before Django sees them: its error log names the
    client of such a request unless relais.gunicorn_conf keeps addresses out."""
    for raw in (
        b"NONSENSE\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
        b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\n\r\n",
    ):
        with socket.create_connection(
            ("127.0.0.1", port), timeout=10, source_address=(SOURCE_ADDRESS, 0)
        ) as sock:
            sock.sendall(raw)
            answer = sock.recv(1024)
        assert answer.startswith((b"HTTP/1.1 400", b"HTTP/1.1 414")), answer[:80]


@pytest.mark.slow
def test_no_trace_of_the_reporter_address_or_browser_anywhere(server):
    visitor = Visitor(server["port"])
    alert_url, mailbox_url = reverse("public:alert"), reverse("public:mailbox")
    _, page = visitor.request("GET", alert_url)
    # The school search is a POST of the alert form (no school name in a URL).
    token = re.search(r'name="submission" value="([^"]+)"', page)
    assert token, "the alert form has a submission token"
    status, page = visitor.form(
        alert_url,
        [("q", "sainte-marie"), ("action", "search"), ("submission", token.group(1))],
        page,
    )
    # Answered with a redirect (nothing typed stays in a POST of the history): the form comes
    # back on the next GET, from the stash its cookie opens.
    assert status == 303
    status, page = visitor.request("GET", alert_url)
    assert status == 200 and server["school_id"] in page
    sent = [
        ("school_id", server["school_id"]),
        ("reporter_role", "witness"),
        ("categories", "harcelement"),
        ("description", "Il est bousculé chaque matin."),
        ("good_faith", "on"),
        ("submission", token.group(1)),
        ("action", "send"),
    ]
    status, _ = visitor.form(alert_url, sent, page)
    assert status == 303
    status, page = visitor.request("GET", reverse("public:alert_sent"))
    assert status == 200
    shown = re.search(r'id="receipt"[^>]*>(.*?)</p>', page, re.S)
    assert shown, "the receipt page shows the receipt"
    receipt = re.sub(r"<[^>]+>|\s", "", shown.group(1))
    assert len(receipt) == 24
    # A refresh of the receipt page (the same form again) is refused and logged like the rest.
    status, _ = visitor.form(alert_url, sent, page)
    assert status == 409
    _, page = visitor.request("GET", mailbox_url)
    status, _ = visitor.form(reverse("public:mailbox_open"), [("receipt", receipt)], page)
    assert status == 303
    _, page = visitor.request("GET", mailbox_url)
    visitor.form(reverse("public:mailbox_message"), [("body", "Encore ce matin.")], page)
    # Error paths log too: a bad form, a wrong receipt, an unknown page, a malformed API call.
    visitor.form(alert_url, [("description", "")], page)
    visitor.form(reverse("public:mailbox_open"), [("receipt", "AAAA-BBBB")], page)
    visitor.request("GET", "/no-such-page/")
    send_malformed(server["port"])

    status, created = visitor.api(
        "POST",
        "/api/v1/alerts",
        {
            "school_id": server["school_id"],
            "reporter_role": "victim",
            "categories": ["menace"],
            "description": "Menaces sur Snapchat.",
            "immediate_danger": True,
            "good_faith": True,
        },
    )
    assert status == 201
    status, session = visitor.api(
        "POST", "/api/v1/mailbox/session", {"receipt": created["receipt"]}
    )
    assert status == 200
    status, _ = visitor.api(
        "POST", "/api/v1/mailbox/messages", {"body": "Merci."}, token=session["token"]
    )
    assert status == 201
    visitor.api("POST", "/api/v1/alerts", {"good_faith": False})
    visitor.api("POST", "/api/v1/mailbox/session", {"receipt": "0000-0000-0000-0000-0000"})

    time.sleep(0.5)  # let gunicorn flush its access log
    log = (server["tmp"] / "server.log").read_text()
    assert "/api/v1/alerts" in log, "the access log is on, so the search below means something"
    # gunicorn's asyncio worker (make run's) answers malformed requests without a log line; its
    # sync worker wrote "Invalid request from ip=...".
    assert "Booting worker" in log, "the error log is on, so the search below means something"
    assert search_everything(server["tmp"], server["env"]) == []
