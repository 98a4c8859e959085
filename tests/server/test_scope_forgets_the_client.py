"""Under ASGI (what `make run` serves) the request also carries its raw scope: the client's
address and every header. ForgetClientMiddleware erases them there too."""

from __future__ import annotations

import io

from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, HttpResponse

from relais.lib.middleware import ForgetClientMiddleware

ADDRESS = "203.0.113.77"
AGENT = b"Mozilla/5.0 RelaisScopeProbe/1.0"


def test_the_asgi_scope_keeps_no_address_or_user_agent() -> None:
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/",
        "query_string": b"",
        "client": (ADDRESS, 50123),
        "server": ("127.0.0.1", 8000),
        "headers": [
            (b"host", b"relais.example"),
            (b"user-agent", AGENT),
            (b"x-forwarded-for", b"198.51.100.9"),
            (b"accept-language", b"fr"),
        ],
    }
    request = ASGIRequest(scope, io.BytesIO())
    seen: list[HttpRequest] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(request)
        return HttpResponse()

    ForgetClientMiddleware(view)(request)

    kept = repr(seen[0].scope) + repr(seen[0].META)  # type: ignore[attr-defined]
    assert ADDRESS not in kept
    assert b"RelaisScopeProbe" not in kept.encode()
    assert "198.51.100.9" not in kept
    assert (b"accept-language", b"fr") in seen[0].scope["headers"]  # type: ignore[attr-defined]
