"""The redaction check for what will be shared with a school besides the notice.

Anything shown to a school besides the notice (the OCR text of a screenshot, a text file's content:
relais/cases/sharing.py) passes ``check_for_school`` first, and is shared only when nothing blocks,
as a notice is sent. Unlike a notice, nobody wrote or read that text: every phone number, e-mail
address and handle in it blocks, not only the alert's own (relais/notices/contacts.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from relais.alerts.models import Alert
from relais.notices.compose import Check, check_notice
from relais.notices.contacts import contacts, key


def check_for_school(alert: Alert, text: str, *, confirmed: Iterable[str] = ()) -> Check:
    """The notice's check on any text bound for the school (an item's OCR text, for instance):
    identifiers from the alert, names the recogniser sees, and details that could tell who the
    victim is; and every contact detail in the text, whoever's it is. ``confirmed``: words the
    case worker confirmed are not names (a phone number or an address is not asked about)."""
    check = check_notice(alert, "", text, confirmed=confirmed)
    listed = {key(finding) for finding in check.findings}
    others = [finding for finding in contacts(text) if key(finding) not in listed]
    return dataclasses.replace(check, findings=check.findings + others)
