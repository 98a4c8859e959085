from __future__ import annotations

import json
import re
from typing import Any

from django.http import HttpRequest
from ninja.parser import Parser

_SURROGATE = re.compile(r"[\ud800-\udfff]")


class StrictJsonParser(Parser):
    """JSON bodies whose strings are real text.

    ``json.loads`` accepts escapes such as ``"\\ud800"`` that decode to half a character; such a
    string cannot be stored (PostgreSQL and SQLite both refuse it) and is refused here, as bytes
    that are not UTF-8 are, by ninja's 400 for an unreadable body.
    """

    def parse_body(self, request: HttpRequest) -> Any:
        data = json.loads(request.body)
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
