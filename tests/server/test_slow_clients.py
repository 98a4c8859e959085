"""Slow clients against the server that `make run` starts (issue 10, point 13).

The server is started with the command of the Makefile's `run` target, read from the Makefile,
on a free loopback port and a scratch database (SQLite, or PostgreSQL when RELAIS_DATABASE_URL
is set): one install for the module, one server per configuration (tests/scratch.py). Bodies are
sent by hand over sockets, a few bytes at a time.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from django.test import override_settings
from django.utils import translation

from relais.lib.request_time import largest_body, too_large_message, too_slow_message
from tests.scratch import SCHOOL, Install, scratch_install

pytestmark = pytest.mark.engine_neutral("postgresql")

SLOW_CLIENTS = 4  # twice the workers `make run` starts
ALERT = (
    "from relais.alerts.services import submit_alert\n"
    "print(submit_alert(school=s, reporter_role='witness', categories=['harcelement'],"
    " description='Des insultes.', immediate_danger=False, good_faith=True).receipt)"
)


@pytest.fixture(scope="module")
def install(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Install]:
    """One scratch install for the module, with one alert (its receipt in env["RECEIPT"])."""
    folder = tmp_path_factory.mktemp("slow")
    with scratch_install(
        folder, RELAIS_RATELIMIT_ENABLED="0", RELAIS_LOG_LEVEL="WARNING"
    ) as scratch:
        scratch.env["RECEIPT"] = scratch.python(SCHOOL + ALERT)
        yield scratch


def start(install: Install, name: str, **extra: str) -> Iterator[dict]:
    with install.serve(name, **extra) as server:
        yield {"port": server.port, "receipt": install.env["RECEIPT"]}


@pytest.fixture(scope="module")
def server(install: Install) -> Iterator[dict]:
    yield from start(install, "slow")


class Dripper(threading.Thread):
    """Sends the head of a POST, then its body a few bytes at a time until told to stop."""

    def __init__(self, port: int, length: int) -> None:
        super().__init__(daemon=True)
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.length = length
        self.sent = 0
        self.halt = threading.Event()
        self.sock.sendall(
            f"POST /api/v1/alerts HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n".encode()
        )

    def run(self) -> None:
        # Stops when the server answers, so as not to write to a connection it closes (the
        # reset would drop its answer before it is read).
        while not self.halt.is_set() and self.sent < self.length - 1 and self.still_waiting():
            self.sock.sendall(b" ")
            self.sent += 1
            self.halt.wait(0.2)

    def still_waiting(self) -> bool:
        """The connection is open and the server has answered nothing on it."""
        try:
            self.sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
        except BlockingIOError:
            return True
        return False


def api(port: int, method: str, path: str, body: bytes = b"", **headers: str) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request(method, path, body=body or None, headers=headers)
    response = connection.getresponse()
    text = response.read().decode()
    connection.close()
    return response.status, json.loads(text) if text.startswith("{") else {"text": text}


def test_a_normal_request_answers_while_slow_bodies_are_still_dripping(server: dict) -> None:
    drippers = [Dripper(server["port"], 100_000) for _ in range(SLOW_CLIENTS)]
    for dripper in drippers:
        dripper.start()
    while min(d.sent for d in drippers) < 3:  # every slow body has started arriving
        time.sleep(0.1)

    status, _ = api(server["port"], "GET", "/api/v1/openapi.json")

    assert status == 200
    assert all(d.still_waiting() and d.is_alive() for d in drippers), (
        "the slow clients are still sending, and the server waits for them"
    )
    for dripper in drippers:
        dripper.halt.set()
        dripper.sock.close()


@pytest.fixture(scope="module")
def impatient_server(install: Install) -> Iterator[dict]:
    yield from start(
        install, "impatient", RELAIS_BODY_GRACE_SECONDS="2", RELAIS_BODY_MIN_RATE="1000"
    )


def test_a_body_too_slow_to_arrive_gets_a_clear_answer(impatient_server: dict) -> None:
    dripper = Dripper(impatient_server["port"], 100_000)  # 2 s + 1 s per 1000 bytes
    dripper.start()
    dripper.join()  # until the server answers
    response = http.client.HTTPResponse(dripper.sock)
    response.begin()
    body = json.loads(response.read())

    assert response.status == 408
    with translation.override("fr"):  # no Accept-Language: French, the default
        assert body["detail"] == too_slow_message()
    assert body["detail"] != too_slow_message(), "translated"


def test_a_body_larger_than_any_view_takes_is_refused_before_it_is_read(server: dict) -> None:
    sock = socket.create_connection(("127.0.0.1", server["port"]))
    sock.sendall(
        f"POST /api/v1/alerts HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: nl\r\n"
        f"Content-Type: application/json\r\nContent-Length: {largest_body() + 1}\r\n\r\n"
        "{".encode()
    )
    response = http.client.HTTPResponse(sock)
    response.begin()
    body = json.loads(response.read())
    sock.close()

    assert response.status == 413
    with translation.override("nl"):
        assert body["detail"] == too_large_message()
    assert body["detail"] != too_large_message(), "translated"


@pytest.fixture(scope="module")
def small_limits_server(install: Install) -> Iterator[dict]:
    yield from start(
        install,
        "small",
        RELAIS_EVIDENCE_STAFF_MAX_BYTES="1000",
        RELAIS_EVIDENCE_MAX_BYTES="100",
    )


def test_a_chunked_body_is_stopped_where_it_passes_the_largest_limit(
    small_limits_server: dict,
) -> None:
    sock = socket.create_connection(("127.0.0.1", small_limits_server["port"]))
    sock.sendall(
        b"POST /api/v1/alerts HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: fr\r\n"
        b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    piece = b"x" * 16384
    with override_settings(EVIDENCE_STAFF_MAX_BYTES=1000, EVIDENCE_MAX_BYTES=100):
        limit = largest_body()
        with translation.override("fr"):
            expected = too_large_message()
    for _ in range(limit // len(piece) + 1):  # one piece past the limit
        sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
    response = http.client.HTTPResponse(sock)
    response.begin()
    body = json.loads(response.read())
    sock.close()

    assert response.status == 413
    assert body["detail"] == expected


@pytest.mark.slow
def test_a_slow_20_mb_upload_at_half_a_megabyte_a_second_arrives(server: dict) -> None:
    port = server["port"]
    status, session = api(
        port,
        "POST",
        "/api/v1/mailbox/session",
        json.dumps({"receipt": server["receipt"]}).encode(),
        **{"Content-Type": "application/json"},
    )
    assert status == 200
    boundary = "relaisslowupload"
    line = b"Message de la classe, recopie pour le dossier.\n"
    content = line * (20 * 1024 * 1024 // len(line))
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="chat.txt"\r\n'
            "Content-Type: text/plain\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(
        f"POST /api/v1/mailbox/evidence HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Authorization: Bearer {session['token']}\r\nAccept-Language: fr\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n".encode()
    )
    piece = 50 * 1024  # ten pieces a second: 0.5 MB/s
    for start_at in range(0, len(body), piece):
        sock.sendall(body[start_at : start_at + piece])
        time.sleep(0.1)
    response = http.client.HTTPResponse(sock)
    response.begin()
    answer = json.loads(response.read())
    sock.close()

    assert response.status == 201, answer
    assert answer["size"] == len(content)
