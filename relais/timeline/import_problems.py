"""What went wrong when a chat export was read, in words for the family and the case worker.

`ChatImport.problems` holds sentences written by the parser in the site's language at import
time ("Line 12: ..."); they are shown as stored, line numbers included. One of them is a
question rather than a problem: when nothing in an export told day-first from month-first
dates, the parser kept one order and said so. That sentence is recognised here (in any of the
site's languages, as the language may have changed since the import) and turned into the
question "Is 01/03/2024 1 March 2024 or 3 January 2024?", answered by `imports.reread_dates`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import translation
from django.utils.translation import gettext

from relais.alerts.models import Alert
from relais.chatexports import refusal
from relais.evidence.models import EvidenceItem
from relais.timeline.models import ChatImport

# The parser's sentence (relais/chatexports/whatsapp.py), with its two placeholders.
AMBIGUOUS = (
    "The dates can be read day first or month first: Relais read %(raw)s as "
    "%(date)s. Check a message whose date you know, and correct the dates if needed."
)
ORDERS = ("day", "month")


@dataclass(frozen=True)
class DateQuestion:
    raw: str  # the first date as the export writes it, "01/03/2024"
    day_first: date | None  # what it means read day first; None when it cannot be read so
    month_first: date | None
    read_as: date | None  # the reading Relais kept until the family answers


@dataclass(frozen=True)
class ImportReport:
    item: EvidenceItem
    problems: list[str]
    question: DateQuestion | None


@cache
def _ambiguous_patterns(language: str) -> re.Pattern[str]:
    with translation.override(language):
        sentence = gettext(AMBIGUOUS)
    marked = re.escape(sentence % {"raw": "\x00RAW\x00", "date": "\x00DATE\x00"})
    marked = marked.replace(re.escape("\x00RAW\x00"), r"(?P<raw>\S+)")
    marked = marked.replace(re.escape("\x00DATE\x00"), r"(?P<date>\S+?)")
    return re.compile(marked)


def _question(problem: str) -> DateQuestion | None:
    languages = [settings.LANGUAGE_CODE] + [code for code, _name in settings.LANGUAGES]
    for language in dict.fromkeys(languages):
        found = _ambiguous_patterns(language).fullmatch(problem)
        if found is not None:
            return _readings(found["raw"], found["date"])
    return None


def _readings(raw: str, read_as: str) -> DateQuestion:
    fields = re.split(r"\D", raw)
    day_first = month_first = None
    if len(fields) == 3 and all(field.isdigit() for field in fields):
        first, second, year = (int(field) for field in fields)
        year += 2000 if year < 100 else 0
        day_first = _date(year, second, first)
        month_first = _date(year, first, second)
    try:
        kept: date | None = date.fromisoformat(read_as)
    except ValueError:
        kept = None
    return DateQuestion(raw, day_first, month_first, kept)


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def report_of(found: ChatImport) -> ImportReport | None:
    """The import's problems and its date question; None when there is nothing to say."""
    problems: list[str] = []
    question = None
    for problem in found.problems:
        asked = _question(problem) if question is None else None
        if asked is not None:
            question = asked
        else:
            problems.append(problem)
    if found.status == ChatImport.Status.FAILED and found.reason:
        problems.insert(0, found.reason)
    if not problems and question is None:
        return None
    return ImportReport(found.item, problems, question)


def reports_for(alert: Alert) -> list[ImportReport]:
    """Every import of the alert's items (not withdrawn) that has something to say."""
    imports = (
        ChatImport.objects.filter(item__alert=alert, item__withdrawn_at__isnull=True)
        .select_related("item")
        .order_by("item__created_at")
    )
    reports = (report_of(found) for found in imports if found.problems or found.reason)
    return [report for report in reports if report is not None]


def reports_of_item(item: EvidenceItem) -> list[ImportReport]:
    """The item's import report as a list (empty, or one), as the pages' partial takes it."""
    found = ChatImport.objects.filter(item=item).first()
    report = report_of(found) if found is not None else None
    return [report] if report is not None else []


def not_a_chat_sentence(item: EvidenceItem) -> str:
    """The refusal of the chat-export registry when no format recognised the item, else "".

    Such a file is kept in the vault all the same and stays one item of the timeline: the family
    is told why its messages are not there, in the language of the moment."""
    if ChatImport.objects.filter(item=item, status=ChatImport.Status.NOT_A_CHAT).exists():
        return str(refusal())
    return ""


def with_not_a_chat(items: QuerySet[EvidenceItem]) -> QuerySet[EvidenceItem]:
    """The items, each with `not_a_chat` (no chat-export format recognised it), in the same
    query: the files list stays at one query however many files it lists."""
    unread = ChatImport.objects.filter(item=OuterRef("pk"), status=ChatImport.Status.NOT_A_CHAT)
    return items.annotate(not_a_chat=Exists(unread))
