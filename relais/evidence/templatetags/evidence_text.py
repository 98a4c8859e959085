"""Text from chats, files and forms, shown to people without letting it steer the page."""

from __future__ import annotations

import re
from typing import Any

from django import template

register = template.Library()

# Bidi marks, embeddings, overrides and isolates. Obeyed, U+202E turns "photo‮gpj.exe" into
# what reads as "photoexe.jpg"; shown as a mark, the person sees that the text holds one.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@register.filter(is_safe=True)
def visible_controls(value: Any) -> Any:
    """Each bidi control of `value` as a visible "[U+202E]" (safe text stays safe: the mark
    holds no HTML character)."""
    if value is None or value == "":
        return value
    text = str(value)
    if not _BIDI.search(text):
        return value
    return _BIDI.sub(lambda match: f"[U+{ord(match.group()):04X}]", text)
