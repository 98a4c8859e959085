"""Loading a JSON export with a size limit and a clear error for anything unreadable."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext_lazy as _

from .base import MAX_TEXT_BYTES, ExportError


def load_json(data: bytes) -> Any:
    """Parse JSON; deep nesting ends in RecursionError inside the C decoder, which we catch."""
    if len(data) > MAX_TEXT_BYTES:
        raise ExportError(_("The file is too large."))
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ExportError(_("The JSON file is damaged.")) from exc


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
