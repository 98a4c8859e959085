"""What the school's home lists: its open cases by their next due step, its closed cases, and the
acknowledged notices it has not opened a case for. A fixed number of queries per page, whatever
the number of cases (tests/queries): the next due step is a subquery, never a query per case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from relais.cases.models import Case, CaseAlert, CaseState, CaseStep
from relais.cases.services import DUE_SOON
from relais.notices.models import Notice, NoticeState
from relais.protocols.loader import get_protocol

PAGE_SIZE = 50
NOTICES_SHOWN = 20

# The list's three groups, in the order a school head reads them.
OVERDUE, DUE_SOON_GROUP, TO_DO = "overdue", "due_soon", "to_do"


@dataclass(frozen=True)
class Row:
    case: Case
    # The open step due first, its title in the reader's language; None: nothing due yet.
    next_due: datetime | None
    next_title: str
    group: str


@dataclass(frozen=True)
class Listing:
    page: Page
    # (group, its title, its rows on this page), the groups with no row on this page left out.
    groups: list[tuple[str, str, list[Row]]]
    counts: dict[str, int]


def _next_open(field: str) -> Subquery:
    """The `field` of the case's open step that is due first (steps still waiting for another
    step have no due date yet: they come after)."""
    steps = CaseStep.objects.filter(
        case=OuterRef("pk"), done_at__isnull=True, due_at__isnull=False
    ).order_by("due_at", "key")
    return Subquery(steps.values(field)[:1])


def _open_cases(school: Any) -> QuerySet[Case]:
    return Case.objects.filter(school=school, state=CaseState.OPEN).annotate(
        next_due=_next_open("due_at"), next_key=_next_open("key")
    )


def _group(next_due: datetime | None, now: datetime) -> str:
    if next_due is not None and next_due < now:
        return OVERDUE
    if next_due is not None and next_due < now + DUE_SOON:
        return DUE_SOON_GROUP
    return TO_DO


def _title(case: Case, key: str | None) -> str:
    if not key:
        return ""
    try:
        return get_protocol(case.protocol).step(key).label()
    except KeyError:
        # A step the protocol file no longer names keeps its key rather than vanish.
        return key


def open_cases(school: Any, *, now: datetime, page_number: Any = 1) -> Listing:
    """The school's open cases, the most urgent first: overdue, due soon, then the rest (those
    with nothing due yet last), oldest first within a date; one page of PAGE_SIZE."""
    cases = _open_cases(school)
    counts = cases.aggregate(
        overdue=Count("pk", filter=Q(next_due__lt=now)),
        due_soon=Count("pk", filter=Q(next_due__gte=now, next_due__lt=now + DUE_SOON)),
        total=Count("pk"),
    )
    ordered = cases.order_by(F("next_due").asc(nulls_last=True), "opened_at", "pk")
    paginator = Paginator(ordered, PAGE_SIZE)
    # The total is already counted above: the paginator need not count again.
    paginator.count = counts["total"]
    page = paginator.get_page(page_number)
    rows = [
        Row(case, case.next_due, _title(case, case.next_key), _group(case.next_due, now))
        for case in page.object_list
    ]
    groups = [
        (group, group_title(group), [row for row in rows if row.group == group])
        for group in (OVERDUE, DUE_SOON_GROUP, TO_DO)
    ]
    counts[TO_DO] = counts["total"] - counts["overdue"] - counts["due_soon"]
    return Listing(page=page, groups=[g for g in groups if g[2]], counts=counts)


def closed_cases(school: Any, *, page_number: Any = 1) -> Page:
    cases = Case.objects.filter(school=school, state=CaseState.CLOSED).order_by("-closed_at", "pk")
    return Paginator(cases, PAGE_SIZE).get_page(page_number)


def notices_for(school: Any) -> QuerySet[Notice]:
    """Every notice sent about this school's alerts: the one way a school reaches a notice."""
    return Notice.objects.filter(alert__school=school).select_related("alert")


def notices_without_case(school: Any) -> QuerySet[Notice]:
    """The notices this school acknowledged and has opened no case for, the oldest first; a
    notice whose alert a case of the school already gathers (opened by the association, or
    through another notice) is not offered: opening it shows that case."""
    opened = CaseAlert.objects.filter(notice=OuterRef("pk"))
    gathered = CaseAlert.objects.filter(alert=OuterRef("alert_id"), case__school=school)
    return (
        notices_for(school)
        .filter(state=NoticeState.ACKNOWLEDGED)
        .exclude(Exists(opened))
        .exclude(Exists(gathered))
        .order_by("acknowledged_at", "pk")
    )


def group_title(group: str) -> str:
    return {
        OVERDUE: _("Overdue"),
        DUE_SOON_GROUP: _("Due soon"),
        TO_DO: _("To do"),
    }[group]
