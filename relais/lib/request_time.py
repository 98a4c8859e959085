"""A bound on the time a client may take to send its request, for the embedded server.

`make run` serves Django's ASGI application with gunicorn's asyncio worker (gunicorn_conf.py):
Django reads the whole body, as the client sends it, before any view runs, so a slow client holds
a coroutine and a buffer, never the process that runs views. What is left is to stop a client
that never finishes. `BoundedBody` wraps the application and gives every body the time Apache's
mod_reqtimeout would ("body=60,MinRate=..."): GRACE seconds, plus one second for every MIN_RATE
bytes received. A 20 MB upload at 0.5 MB/s (40 s) is well within it; a body dripping a few bytes
a second is stopped after about a minute. A client silent for gunicorn's `timeout` between two
pieces is stopped too (gunicorn reports it to the application as a disconnect).

Either way Django drops the request without an answer (it sees a disconnect), so BoundedBody
answers it: 408 with a sentence in the reader's language, through Django's own middleware (the
security headers, CSP, language), from the view below, which reads and stores nothing. A body
larger than any view takes gets a 413 the same way, before it is read when it gives its length.

BufferingHandler is Django's handler with two changes: the body waits in a SealedSpool (never
in clear on disk), and a streamed answer is read a piece at a time rather than whole.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from typing import IO, Any, cast

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, ASGIRequest
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.urls import include, re_path
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from relais.lib.env import envint
from relais.lib.spool import SealedSpool, reader

GRACE = envint("RELAIS_BODY_GRACE_SECONDS", 60)
MIN_RATE = envint("RELAIS_BODY_MIN_RATE", 64 * 1024)  # bytes per second, averaged

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Mapping[str, Any]], Awaitable[None]]
_REFUSAL = "relais.refusal"  # the scope key telling `refused` why


def largest_body() -> int:
    """The largest body a view accepts: the staff's evidence upload, or the mailbox form's
    files (every other view takes less, and says so itself when the body arrives)."""
    from relais.evidence.uploads import FORM_ALLOWANCE, MAX_FILES_PER_FORM

    files = max(settings.EVIDENCE_STAFF_MAX_BYTES, settings.EVIDENCE_MAX_BYTES * MAX_FILES_PER_FORM)
    return files + FORM_ALLOWANCE


class BufferingHandler(ASGIHandler):
    """Django's ASGI handler, with the body kept in a SealedSpool rather than in a temporary
    file in clear."""

    async def read_body(self, receive: Callable[[], Awaitable[Mapping[str, Any]]]) -> IO[bytes]:
        spool = SealedSpool(settings.FILE_UPLOAD_MAX_MEMORY_SIZE, settings.FILE_UPLOAD_TEMP_DIR)
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                spool.close()
                raise RequestAborted
            if message.get("body"):
                spool.write(message["body"])
            if not message.get("more_body", False):
                return reader(spool)

    async def send_response(self, response: HttpResponseBase, send: Send) -> None:
        # Django would read a streamed answer whole into memory first (a vault original, a
        # dossier): hand it over a piece at a time, each read in the views' thread.
        if isinstance(response, StreamingHttpResponse) and not response.is_async:
            response.streaming_content = _one_piece_at_a_time(
                iter(cast(Iterator[bytes], response.streaming_content))
            )
        await super().send_response(response, send)


def _next_piece(pieces: Iterator[bytes]) -> bytes | None:
    return next(pieces, None)


async def _one_piece_at_a_time(pieces: Iterator[bytes]) -> AsyncIterator[bytes]:
    next_piece = sync_to_async(_next_piece, thread_sensitive=True)
    while (piece := await next_piece(pieces)) is not None:
        yield piece


class BoundedBody:
    """ASGI middleware around BufferingHandler (see the module docstring)."""

    def __init__(self, app: ASGIHandler, grace: float = GRACE, min_rate: float = MIN_RATE) -> None:
        self.app = app
        self.grace = grace
        self.min_rate = min_rate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = largest_body()
        if _declared_length(scope) > limit:  # refused before a byte of the body is read
            await self.refuse(scope, send, "large")
            return
        loop = asyncio.get_running_loop()
        started = loop.time()
        received = 0
        complete = False
        answered = False
        refusal = "slow"

        async def bounded_receive() -> Message:
            nonlocal received, complete, refusal
            if complete:  # Django listening for a disconnect while the view runs
                return await receive()
            left = started + self.grace + received / self.min_rate - loop.time()
            if left <= 0:
                return {"type": "http.disconnect"}
            try:
                message = await asyncio.wait_for(receive(), left)
            except TimeoutError:
                return {"type": "http.disconnect"}
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                complete = not message.get("more_body", False)
                if received > limit:  # a chunked body, which announced no length
                    refusal, complete = "large", False
                    return {"type": "http.disconnect"}
            return message

        async def tracked_send(message: Mapping[str, Any]) -> None:
            nonlocal answered
            answered = answered or message["type"] == "http.response.start"
            await send(message)

        # handle(), not __call__: Django's __call__ gives every request a thread of its own (and
        # with it a database connection of its own, which persistent connections then leak).
        # Without it, each worker runs its views one at a time in one thread, keeping its
        # connection, as the sync workers did (asgiref's single thread executor).
        await self.app.handle(scope, bounded_receive, tracked_send)
        if not complete and not answered:
            # The body never arrived whole (too slow, silent, too large, or the client left: an
            # answer to a closed connection is dropped by the server).
            await self.refuse(scope, send, refusal)

    async def refuse(self, scope: Scope, send: Send, refusal: str) -> None:
        """Answer through the site's middleware (security headers, CSP, language) with
        `refused`, which reads and stores nothing."""
        request = ASGIRequest({**scope, "method": "GET", _REFUSAL: refusal}, io.BytesIO())
        request.urlconf = __name__  # type: ignore[attr-defined]
        response = await self.app.get_response_async(request)
        await self.app.send_response(response, send)
        await asyncio.to_thread(response.close)


def _declared_length(scope: Scope) -> int:
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return 0  # gunicorn has refused it already
    return 0


def too_slow_message() -> str:
    return _(
        "Your connection was too slow: what you sent did not arrive whole in time, so nothing "
        "was saved. Please send it again, if you can from a faster connection."
    )


def too_large_message() -> str:
    megabytes = number_format(largest_body() / (1024 * 1024), decimal_pos=0, force_grouping=True)
    return _(
        "What you sent is too large to be received (at most %(size)s MB), so nothing was saved."
    ) % {"size": megabytes}


@csrf_exempt
def refused(request: HttpRequest) -> HttpResponse:
    too_large = getattr(request, "scope", {}).get(_REFUSAL) == "large"
    status, message = (413, too_large_message()) if too_large else (408, too_slow_message())
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "errors": {}}, status=status)
    from relais.public.pages import error_page  # the app registry is ready by now

    return error_page(request, status=status, title=_("This did not arrive whole"), message=message)


# `refused` answers every path; the site's own patterns follow so that its pages' links resolve.
urlpatterns = [re_path(r"", refused), re_path(r"", include(settings.ROOT_URLCONF))]
