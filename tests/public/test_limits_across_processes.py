"""The duplicate-submit guard and the rate limits hold across web processes, as shipped.

No shortcut: a scratch install (SQLite, or PostgreSQL when RELAIS_DATABASE_URL is set) with its
cache table made by `relais createcachetable` (tests/scratch.py), then
- four Python processes racing on one counter and one set of form tokens, and
- gunicorn with the two workers of `make run`, posted to concurrently over HTTP.
Before the cache was shared, each process kept its own counts and tokens.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests.scratch import BIN, ROOT, SCHOOL, Install, free_port, scratch_install

# One process of the race: waits for the common start, then counts and claims as fast as it can.
RACER = """
import json, sys, time
import django
django.setup()
from relais.lib.ratelimit import hit
from relais.public.once import claim
start, client, tokens = float(sys.argv[1]), sys.argv[2], sys.argv[3].split(",")
while time.time() < start:
    time.sleep(0.001)
allowed = sum(hit("alert", client, "10/3600") for _ in range(20))
claimed = [token for token in tokens if claim(token)]
print(json.dumps({"allowed": allowed, "claimed": claimed}))
"""


@pytest.fixture(scope="module")
def install(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Install]:
    """A scratch install, migrated, with its cache table and one Belgian school."""
    # Without RELAIS_CACHE_URL: the embedded default, the database cache table.
    env = {k: v for k, v in os.environ.items() if k != "RELAIS_CACHE_URL"}
    with scratch_install(
        tmp_path_factory.mktemp("procs"),
        env=env,
        RELAIS_TRUSTED_PROXIES="0",
        RELAIS_ACCESS_LOG="0",
    ) as scratch:
        scratch.env["SCHOOL_ID"] = scratch.python(SCHOOL + "print(s.pk)")
        yield scratch


def _race(env: dict[str, str]) -> None:
    run = uuid.uuid4().hex  # a new client and new tokens, whatever the cache already holds
    tokens = [f"token-{n:02d}-{run}" for n in range(30)]
    start = time.time() + 3  # after every process has loaded Django
    racers = [
        subprocess.Popen(
            [str(BIN / "python"), "-c", RACER, str(start), run, ",".join(tokens)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    results = [json.loads(racer.communicate(timeout=120)[0]) for racer in racers]
    assert all(racer.returncode == 0 for racer in racers)
    # 80 attempts on a limit of 10: exactly 10 allowed in all, not 10 per process.
    assert sum(result["allowed"] for result in results) == 10
    claimed = [token for result in results for token in result["claimed"]]
    assert sorted(claimed) == sorted(tokens)  # each token claimed once, by one process


def test_four_processes_share_one_counter_and_one_claim_per_token(install):
    _race(install.env)  # the embedded default: the database cache table


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory):
    """A Redis server of our own (Debian's redis-server) on a free loopback port, on no disk."""
    port = free_port()
    folder = str(tmp_path_factory.mktemp("redis"))
    options = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", folder]
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), *options], stdout=subprocess.DEVNULL
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_four_processes_share_them_through_redis_too(install, redis_url):
    _race({**install.env, "RELAIS_CACHE_URL": redis_url})


class Browser:
    """A client from its own loopback address (its own rate-limit key), keeping cookies."""

    def __init__(self, port: int, address: str) -> None:
        self.port, self.address = port, address
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes = b"", headers=None) -> tuple[int, str]:
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=60, source_address=(self.address, 0)
        )
        sent = {"Host": f"127.0.0.1:{self.port}", "Origin": f"http://127.0.0.1:{self.port}"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent.update(headers or {})
        connection.request(method, path, body=body or None, headers=sent)
        response = connection.getresponse()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        text = response.read().decode("utf-8", "replace")
        connection.close()
        return response.status, text

    def form_page(self, path: str) -> tuple[str, str]:
        """The CSRF token and the one-time submission token of a fresh form."""
        status, html = self.request("GET", path)
        assert status == 200, html[:500]
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        submission = re.search(r'name="submission" value="([^"]*)"', html)
        assert csrf
        return csrf.group(1), submission.group(1) if submission else ""

    def post(self, path: str, fields: list[tuple[str, str]]) -> int:
        body = urlencode(fields).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request("POST", path, body, headers)[0]


@pytest.fixture(scope="module")
def server(install):
    with install.serve(
        RELAIS_WEB_WORKERS="2",  # as `make run`
        RELAIS_ALERT_RATE="8/3600",
        RELAIS_RECEIPT_LOGIN_RATE="20/600",
    ) as running:
        yield {"port": running.port, "school_id": install.env["SCHOOL_ID"]}


def _alert_fields(school_id: str, csrf: str, submission: str) -> list[tuple[str, str]]:
    return [
        ("csrfmiddlewaretoken", csrf),
        ("submission", submission),
        ("action", "send"),
        ("school_id", school_id),
        ("reporter_role", "witness"),
        ("categories", "harcelement"),
        ("description", "Un élève reçoit des insultes tous les soirs."),
        ("good_faith", "on"),
    ]


def _concurrently(calls, width: int) -> list[int]:
    with ThreadPoolExecutor(width) as pool:
        return list(pool.map(lambda call: call(), calls))


def test_one_form_posted_four_times_at_once_to_two_workers_makes_one_alert(server):
    browser = Browser(server["port"], "127.0.31.1")
    path = reverse("public:alert")
    for _trial in range(6):
        csrf, submission = browser.form_page(path)
        assert submission
        fields = _alert_fields(server["school_id"], csrf, submission)
        codes = _concurrently([lambda fields=fields: browser.post(path, fields)] * 4, 4)
        # The one that is stored answers 303 to its receipt page; the others, 409.
        assert sorted(codes) == [303, 409, 409, 409], codes


def test_the_alert_limit_is_shared_by_the_two_workers(server):
    browser = Browser(server["port"], "127.0.32.1")
    path = reverse("public:alert")
    forms = [_alert_fields(server["school_id"], *browser.form_page(path)) for _ in range(16)]
    codes = _concurrently([lambda fields=fields: browser.post(path, fields) for fields in forms], 2)
    assert codes.count(303) == 8, codes
    assert codes.count(429) == 8, codes


def test_receipt_logins_are_limited_across_the_two_workers(server):
    browser = Browser(server["port"], "127.0.33.1")
    login = reverse("public:mailbox_open")
    csrf, _ = browser.form_page(reverse("public:mailbox"))
    fields = [("csrfmiddlewaretoken", csrf), ("receipt", "AAAA-BBBB-CCCC-DDDD-EEEE")]
    codes = _concurrently([lambda: browser.post(login, fields)] * 40, 2)
    assert codes.count(429) == 20, codes
    assert codes.count(400) == 20, codes
