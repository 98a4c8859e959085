"""Checks on free text that every form and API call shares."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 controls but tab, newline and carriage return; also DEL and C1 controls. PostgreSQL refuses
# NUL outright, and the others only hide content from the person reading it.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def check_text(value: str) -> str:
    """Refuse text that could not be decoded or hides control characters; normalise line ends."""
    if "\ufffd" in value:
        # Django decodes form bodies with errors="replace": a U+FFFD here means the browser or
        # client sent bytes that are not UTF-8. Storing the mangled text would lose facts.
        raise ValidationError(
            _("Part of this text could not be read (it is not valid UTF-8). Please type it again."),
            code="encoding",
        )
    if _CONTROL.search(value):
        raise ValidationError(_("This text contains invisible control characters."), code="control")
    return value.replace("\r\n", "\n").strip()
