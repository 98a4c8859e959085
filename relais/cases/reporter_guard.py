"""The check that keeps the reporter out of what the association writes into a school's case.

The school reads every text the association writes in its case (a note to the school): the
association must never let it learn who reported. So each such text passes the notice's own
redaction check (relais.notices.compose: the identifiers of the alert and its thread, the
reporter's name and contact, a school class), against EVERY alert the case gathers, and two
more that a notice never meets because a case worker does not paste them in a notice:

- the alert's receipt code, in any form a reader accepts (groups, spaces, lower case): whoever
  holds it opens the reporter's mailbox. Matched by its stored digest, never echoed back;
- a long slice of the reporter's own words (the description, the reporter's messages) copied
  verbatim: a school can recognise a pupil's way of writing. Rewording is the fix.

The recogniser's possible names are not asked about here: a note has no step to confirm them,
and the school's own people's names (a director, a teacher) are what a note to the school holds.
Nothing of a refused text is stored; the message says what to remove.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from relais.alerts.models import Alert, Message
from relais.cases.access import is_school_side
from relais.cases.errors import CaseError
from relais.cases.models import Case
from relais.lib.receipts import InvalidReceipt, normalise, receipt_digest
from relais.notices import details, redaction
from relais.notices.compose import alert_identifiers
from relais.schools.models import fold

# Twenty symbols, alone or in groups of four with spaces or dashes: a receipt as it is written.
RECEIPT_SHAPE = re.compile(
    r"(?<![0-9A-Za-z])(?:[0-9A-Za-z]{4}[\s-]{0,2}){4}[0-9A-Za-z]{4}(?![0-9A-Za-z])"
)
# This many words in a row from the reporter's texts is a copy, not a coincidence.
VERBATIM_WORDS = 8


def _holds_receipt(text: str, digests: set[str]) -> bool:
    for match in RECEIPT_SHAPE.finditer(text):
        try:
            receipt = normalise(match.group())
        except InvalidReceipt:
            continue
        if receipt_digest(receipt) in digests:
            return True
    return False


def _words(text: str) -> list[str]:
    return [fold(word) for word in redaction.WORD_RE.findall(text or "")]


def _runs(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + VERBATIM_WORDS]) for i in range(len(words) - VERBATIM_WORDS + 1)}


def _copies(text: str, sources: list[str]) -> bool:
    """``text`` holds VERBATIM_WORDS words in a row of one of ``sources`` (case, accents and
    punctuation aside)."""
    runs = _runs(_words(text))
    return bool(runs) and any(runs & _runs(_words(source)) for source in sources)


def refuse_reporter_details(case: Case, text: str) -> None:
    """CaseError when ``text`` could tell the school who reported one of the case's alerts."""
    alerts = list(Alert.objects.filter(case_links__case=case).select_related("school"))
    if not alerts or not text.strip():
        return
    problems: list[str] = []
    if _holds_receipt(text, {alert.receipt_digest for alert in alerts}):
        problems.append(_("the reporter's receipt code"))
    found: dict[str, redaction.Finding] = {}
    for alert in alerts:
        hits = redaction.findings(text, alert_identifiers(alert))
        hits += details.classes(text, class_grade=alert.class_grade)
        for hit in hits:
            found.setdefault(fold(hit.text), hit)
    problems += [f"{hit.kind_label} « {hit.text} »" for hit in found.values()]
    sources = [alert.description for alert in alerts]
    sources += list(
        Message.objects.filter(alert__in=alerts, author=Message.Author.REPORTER).values_list(
            "body", flat=True
        )
    )
    if _copies(text, sources):
        problems.append(_("a passage copied from the alert (say it in your own words)"))
    if problems:
        raise CaseError(
            _(
                "The school would read this: it could tell who reported. Remove %(what)s, "
                "then send it again."
            )
            % {"what": ", ".join(problems)}
        )


def refuse_for_association(by: Any, case: Case, text: str) -> None:
    """The check, for a writer who is not of the school's team (the association)."""
    if not is_school_side(by, case):
        refuse_reporter_details(case, text)
