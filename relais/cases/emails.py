"""The e-mails of the deadline sweep: the reminder to a school's direction (relais.cases.deadlines)
and the escalation a case worker sends to the school's authority (relais.cases.escalations); and
the one that tells a school the association opened its case (relais.cases.opened_mail).

Both are written in French, the language of the schools Relais serves and of their notices (the
jurisdictions' texts, relais/notices/texts.py, whose date words they reuse). They name a case by
its number and a step by the protocol's title: never a pupil, never what was recorded.

Built with gettext in Python rather than templates: a first sweep after a long stop writes
thousands of them in one go (bench/cases.py), and a template per line costs a hundred times more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from relais.notices.texts import Texts, texts_for
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


class Words:
    """Titles and dates for many lines at once, each looked up once (a sweep's cache)."""

    def __init__(self, language: str = SCHOOL_LANGUAGE) -> None:
        self.language = language
        self.titles: dict[tuple[str, str], str] = {}
        self.texts: dict[str, Texts] = {}

    def title(self, protocol: str, key: str) -> str:
        if (protocol, key) not in self.titles:
            self.titles[protocol, key] = step_title(protocol, key, language=self.language)
        return self.titles[protocol, key]

    def due(self, jurisdiction: str, due_at: datetime) -> str:
        if jurisdiction not in self.texts:
            self.texts[jurisdiction] = texts_for(jurisdiction)
        return self.texts[jurisdiction].when(due_at)


def due_words(jurisdiction: str, due_at: datetime) -> str:
    """'3 mars 2025 à 14 h 05 (heure de Bruxelles)': the jurisdiction's time, its zone named."""
    return texts_for(jurisdiction).when(due_at)


def school_home() -> str:
    try:
        path = reverse("cases:home")
    except NoReverseMatch:  # the school's pages name their list "home"; the path is routed
        path = "/school/"
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def reminder_email(*, school: str, lines: list[Line], more: int = 0) -> tuple[str, str]:
    """Subject and body of the reminder to ``school``'s direction: the overdue steps found in
    this sweep, one line each, and how many ``more`` it did not list (the case list shows them)."""
    count = len(lines) + more
    with translation.override(SCHOOL_LANGUAGE):
        subject = ngettext(
            "%(school)s: a step of a case is overdue",
            "%(school)s: %(count)s steps of your cases are overdue",
            count,
        ) % {"count": count, "school": school}
        each = _("Case %(number)s: %(title)s, due %(due)s")
        body = [
            _("Dear Madam or Sir,"),
            "",
            ngettext(
                "In the cases your school follows in Relais, this step of the protocol is past "
                "its due date:",
                "In the cases your school follows in Relais, these steps of the protocol are "
                "past their due date:",
                count,
            ),
            "",
            *(
                "- " + each % {"number": line.case_number, "title": line.title, "due": line.due}
                for line in lines
            ),
            *(
                [
                    ngettext(
                        "- and %(more)s more step: your list of cases shows every one.",
                        "- and %(more)s more steps: your list of cases shows every one.",
                        more,
                    )
                    % {"more": more}
                ]
                if more
                else []
            ),
            "",
            _("Record each step in the case as soon as it is done:"),
            school_home(),
            "",
            # True of every case listed: one the school opened itself has no association.
            _(
                "When an association follows the alert behind a case, a step left undone long "
                "after its due date is shown to it; it may then, with the consent of the person "
                "who raised the alert, inform the authority your school answers to."
            ),
            "",
            "--",
            _("This message was sent automatically by Relais; each overdue step is reminded once."),
        ]
    return subject, "\n".join(body) + "\n"


def escalation_email(
    *,
    school: str,
    place: str,
    case_number: str,
    organisation: str,
    contact: list[str],
    lines: list[Line],
    reminded: bool,
) -> tuple[str, str]:
    """Subject and body of the escalation to the school's authority, sent by a case worker.
    ``reminded``: the sweep e-mailed the school a reminder of every listed step (a school without
    an official address was not: the e-mail must not say it was)."""
    count = len(lines)
    with translation.override(SCHOOL_LANGUAGE):
        subject = _(
            "%(school)s, case %(case_number)s: steps of the school's protocol are overdue"
        ) % {"school": school, "case_number": case_number}
        each = _("%(title)s, due %(due)s")
        opening = _(
            "%(organisation)s follows an alert about bullying at %(place)s, a school under your "
            "authority. The school handles it in its case %(case_number)s, following its "
            "protocol in Relais."
        ) % {"organisation": organisation, "place": place, "case_number": case_number}
        if reminded:
            overdue = ngettext(
                "This step is long past its due date, and the school was reminded of it:",
                "These steps are long past their due date, and the school was reminded of them:",
                count,
            )
        else:
            overdue = ngettext(
                "This step is long past its due date; the school was not reminded of it by "
                "e-mail, but sees it as overdue on its case page in Relais:",
                "These steps are long past their due date; the school was not reminded of them "
                "by e-mail, but sees them as overdue on its case page in Relais:",
                count,
            )
        body = [
            _("Dear Madam or Sir,"),
            "",
            f"{opening} {overdue}",
            "",
            *("- " + each % {"title": line.title, "due": line.due} for line in lines),
            "",
            _(
                "The person who raised the alert agreed that we inform you. We ask you to make "
                "sure that the situation is being handled."
            ),
            "",
            _("Yours faithfully,"),
            organisation,
            # The contact lines (relais.notices.compose.contact_lines) open with the
            # organisation's name: signed once, not twice.
            *(contact[1:] if contact[:1] == [organisation] else contact),
        ]
    return subject, "\n".join(body) + "\n"


@dataclass(frozen=True)
class FirstStep:
    """A step the school has to do first in a case the association opened."""

    title: str
    due: str
    # Due within hours (relais.cases.opened_mail.URGENT): how many, rounded up; else None.
    hours: int | None


def opened_email(
    *,
    school: str,
    case_number: str,
    organisation: str,
    email: str,
    contact: list[str],
    steps: list[FirstStep],
    more: int,
    has_account: bool,
    notice_day: str,
) -> tuple[str, str]:
    """Subject and body of the e-mail that tells ``school`` the association opened its case
    ``case_number``: its first ``steps`` (and how many ``more``), the link to its cases, and,
    without ``has_account`` (a direction member), how to get one: the link of the notice sent on
    ``notice_day`` when it still works, or ``organisation`` at ``email`` (its ``contact`` lines,
    relais.notices.compose.contact_lines, sign the e-mail).

    French templates (cases/emails/opened-*.txt), as the referral's: one e-mail per opening, no
    sweep writes thousands of them."""
    context = {
        "school": school,
        "number": case_number,
        "organisation": organisation,
        "email": email,
        "contact": contact[1:] if contact[:1] == [organisation] else contact,
        "steps": steps,
        "more": more,
        "urgent": any(step.hours is not None for step in steps),
        "has_account": has_account,
        "notice_day": notice_day,
        "home": school_home(),
    }
    with translation.override(SCHOOL_LANGUAGE):
        subject = render_to_string("cases/emails/opened-subject.txt", context)
        body = render_to_string("cases/emails/opened-body.txt", context)
    return " ".join(subject.split()), body.strip() + "\n"
