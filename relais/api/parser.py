from __future__ import annotations

import json
import re
from typing import Any

from django.http import HttpRequest
from ninja.parser import Parser

_SURROGATE = re.compile(r"[\ud800-\udfff]")


class UnsupportedMediaType(ValueError):
    """The body was not sent as ``application/json``; errors.py answers 415."""


def is_json(request: HttpRequest) -> bool:
    """Whether the body is declared as JSON in UTF-8 (the only charset JSON has, RFC 8259)."""
    media_type = (request.content_type or "").lower()
    charset = (request.content_params or {}).get("charset", "utf-8").lower()
    return media_type == "application/json" and charset in {"utf-8", "utf8"}


class StrictJsonParser(Parser):
    """JSON bodies, sent as JSON, whose strings are real text.

    Only ``application/json`` is read: a page on any other site can make a browser post
    ``text/plain``, a form or multipart without asking first (no CORS preflight), so reading
    those would let any web page post an alert. ``application/json`` always needs the
    preflight, which this site never grants.

    ``json.loads`` accepts escapes such as ``"\\ud800"`` that decode to half a character; such a
    string cannot be stored (PostgreSQL and SQLite both refuse it) and is refused here, as bytes
    that are not UTF-8 are, by ninja's 400 for an unreadable body.
    """

    def parse_body(self, request: HttpRequest) -> Any:
        if not is_json(request):
            raise UnsupportedMediaType(request.content_type)
        # Decoded here: json.loads would also take UTF-16 and UTF-32 bytes, which RFC 8259
        # excludes and which no client of ours sends.
        data = json.loads(request.body.decode("utf-8"))
        _check(data)
        return data


def _check(value: Any) -> None:
    if isinstance(value, str):
        if _SURROGATE.search(value):
            raise ValueError("lone surrogate")
    elif isinstance(value, list):
        for item in value:
            _check(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key)
            _check(item)
