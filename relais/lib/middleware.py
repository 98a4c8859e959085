"""Middleware that keeps Relais from ever learning who its visitors are."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from relais.lib.net import IDENTIFYING_META, client_address, client_key


class ForgetClientMiddleware:
    """Replace the client's address and user agent by a keyed digest before anything else runs.

    Rate limits need to tell clients apart for a few minutes; nothing needs to know who they are.
    Erasing the headers here means no view, library, error report or log line can store them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.client_key = client_key(client_address(request.META))  # type: ignore[attr-defined]
        for name in IDENTIFYING_META:
            request.META.pop(name, None)
        # Django and some libraries expect REMOTE_ADDR to exist.
        request.META["REMOTE_ADDR"] = "0.0.0.0"  # noqa: S104
        scope = getattr(request, "scope", None)  # under ASGI: the same, raw (relais/asgi.py)
        if scope is not None:
            request.scope = {  # type: ignore[attr-defined]
                **scope,
                "client": None,
                "headers": [
                    (name, value)
                    for name, value in scope.get("headers", [])
                    if "HTTP_" + name.decode("latin-1").upper().replace("-", "_")
                    not in IDENTIFYING_META
                ],
            }
        return self.get_response(request)


class PrivacyHeadersMiddleware:
    """No caching of pages (a shared phone's back button must not show an alert), no features."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/static/"):
            response["Cache-Control"] = "no-store"
        response["Permissions-Policy"] = (
            "camera=(), microphone=(), geolocation=(), interest-cohort=(), browsing-topics=()"
        )
        response["Cross-Origin-Resource-Policy"] = "same-origin"
        return response


class DropRequestFilter(logging.Filter):
    """Remove the request object that Django attaches to error records."""

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        return True
