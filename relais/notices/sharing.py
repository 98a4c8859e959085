"""The redaction check for what will be shared with a school besides the notice.

The school's side does not exist yet (issue 10, point 6): when it does, anything shown to a school
(the OCR text of a screenshot, a caption, an excerpt) passes ``check_for_school`` first, and is
shared only when nothing blocks, as a notice is sent.
"""

from __future__ import annotations

from collections.abc import Iterable

from relais.alerts.models import Alert
from relais.notices.compose import Check, check_notice


def check_for_school(alert: Alert, text: str, *, confirmed: Iterable[str] = ()) -> Check:
    """The notice's check on any text bound for the school (an item's OCR text, for instance):
    identifiers from the alert, names the recogniser sees, and details that could tell who the
    victim is. ``confirmed``: words the case worker confirmed are not names."""
    return check_notice(alert, "", text, confirmed=confirmed)
