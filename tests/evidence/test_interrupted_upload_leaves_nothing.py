"""An upload cut off halfway leaves no item, no blob and no marker once the request ends."""

from __future__ import annotations

import io
import socket
from urllib.parse import urlparse

from django.test import Client

from relais.evidence.models import EvidenceItem
from tests.evidence.conftest import random_bytes, stored_files

BOUNDARY = "----relais-test-boundary"


def _body(data: bytes) -> bytes:
    head = (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="file"; filename="video.mp4"\r\n'
        "Content-Type: video/mp4\r\n\r\n"
    ).encode()
    return head + data + f"\r\n--{BOUNDARY}--\r\n".encode()


VIDEO = b"\x00\x00\x00\x18ftypmp42" + random_bytes(3 * 1024 * 1024)


def test_a_body_shorter_than_announced_is_dropped(mailbox_token, vault):
    body = _body(VIDEO)
    response = Client().post(
        "/api/v1/mailbox/evidence",
        headers={"Authorization": f"Bearer {mailbox_token}"},
        # The client sends half, then the connection ends: the server reads EOF.
        CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(len(body)),
        **{"wsgi.input": io.BytesIO(body[: len(body) // 2])},
    )
    assert response.status_code == 400
    assert EvidenceItem.objects.count() == 0
    assert stored_files(vault) == []


def test_a_client_that_hangs_up_halfway_leaves_nothing(live_server, submitted, vault):
    from relais.mailbox.services import open_mailbox

    token, _alert = open_mailbox(receipt=submitted.receipt)
    body = _body(VIDEO)
    url = urlparse(live_server.url)
    head = (
        "POST /api/v1/mailbox/evidence HTTP/1.1\r\n"
        f"Host: {url.hostname}:{url.port}\r\n"
        f"Authorization: Bearer {token}\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    with socket.create_connection((url.hostname, url.port), timeout=30) as conn:
        conn.sendall(head + body[: len(body) // 2])
        # Stop sending (the upload is cut), keep listening for the server's answer: it comes
        # once the request has ended on the server side.
        conn.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]
    assert EvidenceItem.objects.count() == 0
    assert stored_files(vault) == []
