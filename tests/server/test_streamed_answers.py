"""A streamed answer (a vault original, a dossier) leaves the ASGI handler a piece at a time:
Django's own handler would first read a synchronous stream whole into memory."""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.http import StreamingHttpResponse

from relais.lib.request_time import BufferingHandler


def test_a_streamed_answer_is_sent_as_it_is_read() -> None:
    read: list[int] = []

    def pieces() -> Iterator[bytes]:
        for number in range(5):
            read.append(number)
            yield b"piece %d " % number

    pieces_read_when_sent: list[int] = []
    body = b""

    async def send(message: Mapping[str, Any]) -> None:
        nonlocal body
        if message["type"] == "http.response.body" and message.get("body"):
            pieces_read_when_sent.append(len(read))
            body += message["body"]

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Django warns when it reads a stream whole
        answer = BufferingHandler().send_response(StreamingHttpResponse(pieces()), send)
        # A thread of its own: the browser tests' Playwright keeps an event loop running in this
        # one, and asyncio.run() refuses to start inside a running loop.
        with ThreadPoolExecutor(1) as thread:
            thread.submit(asyncio.run, answer).result()

    assert pieces_read_when_sent == [1, 2, 3, 4, 5]
    assert body == b"piece 0 piece 1 piece 2 piece 3 piece 4 "
