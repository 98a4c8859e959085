"""The e-mails of the deadline sweep: the reminder to a school's direction (relais.cases.deadlines)
and the escalation a case worker sends to the school's authority (relais.cases.escalations).

Both are written in French, the language of the schools Relais serves and of their notices (the
jurisdictions' texts, relais/notices/texts.py, whose date words they reuse). They name a case by
its number and a step by the protocol's title: never a pupil, never what was recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from relais.notices.texts import texts_for
from relais.protocols.loader import get_protocol

# The schools' language: notices, reminders and escalations reach them in French.
SCHOOL_LANGUAGE = "fr"


@dataclass(frozen=True)
class Line:
    """One overdue step as an e-mail lists it."""

    case_number: str
    title: str
    due: str


def step_title(protocol: str, key: str, *, language: str = SCHOOL_LANGUAGE) -> str:
    """The step's title in the protocol file, in ``language``; its key when the file no longer
    has it."""
    try:
        step = get_protocol(protocol).step(key)
    except KeyError:  # a protocol or a step since withdrawn: its key still names it
        return key
    with translation.override(language):
        return step.label()


def due_words(jurisdiction: str, due_at: datetime) -> str:
    """'3 mars 2025 à 14 h 05 (heure de Bruxelles)': the jurisdiction's time, its zone named."""
    return texts_for(jurisdiction).when(due_at)


def school_home() -> str:
    try:
        path = reverse("cases:home")
    except NoReverseMatch:  # the school's pages name their list "home"; the path is routed
        path = "/school/"
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _render(name: str, context: dict[str, object]) -> tuple[str, str]:
    with translation.override(SCHOOL_LANGUAGE):
        subject = render_to_string(f"cases/emails/{name}-subject.txt", context)
        body = render_to_string(f"cases/emails/{name}-body.txt", context)
    return " ".join(subject.split()), body.strip() + "\n"


def reminder_email(*, school: str, lines: list[Line]) -> tuple[str, str]:
    """Subject and body of the reminder to ``school``'s direction: every overdue step found in
    this sweep, one line each."""
    return _render(
        "reminder", {"school": school, "lines": lines, "count": len(lines), "url": school_home()}
    )


def escalation_email(
    *,
    school: str,
    place: str,
    case_number: str,
    organisation: str,
    contact: list[str],
    lines: list[Line],
) -> tuple[str, str]:
    """Subject and body of the escalation to the school's authority, sent by a case worker."""
    return _render(
        "escalation",
        {
            "school": school,
            "place": place,
            "case_number": case_number,
            "organisation": organisation,
            "contact": contact,
            "lines": lines,
            "count": len(lines),
        },
    )
