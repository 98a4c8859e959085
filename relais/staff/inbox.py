"""The inbox query: what needs action first, filters, search by reference, keyset pagination.

Order, for each case worker:

0. someone is in danger now, and the alert is unread or still open;
1. unread (the reporter sent it, wrote or added a file since this person last opened it);
2. open (not closed or refused), already read;
3. the rest (closed or refused, read).

Within groups 0 to 2 the one waiting longest comes first (oldest reporter activity); within
group 3 the newest comes first. Pages are walked with a cursor on that order rather than OFFSET,
so a deep page costs what page 1 costs, and nothing counts the whole table.
"""

from __future__ import annotations

import base64
import binascii
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Case, DateTimeField, F, IntegerField, Q, QuerySet, Value, When

from relais.alerts.access import alerts_for
from relais.alerts.models import Alert
from relais.schools.models import School
from relais.staff.activity import DONE, with_activity

PAGE_SIZE = 50
DONE_GROUP = 3
REFERENCE = re.compile(r"^[0-9A-F]{8}$")


@dataclass(frozen=True)
class Page:
    alerts: list[Alert]
    next_cursor: str | None


@dataclass(frozen=True)
class Position:
    group: int
    last_activity: datetime
    created_at: datetime
    alert_id: uuid.UUID


def encode_cursor(alert: Any) -> str:
    fields = [str(alert.group), alert.last_activity.isoformat(), alert.created_at.isoformat()]
    raw = "|".join([*fields, str(alert.pk)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> Position | None:
    """The position a cursor points at, or None when it is not one of ours (then: first page)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        group, last, created, ident = raw.split("|")
        position = Position(
            group=int(group),
            last_activity=datetime.fromisoformat(last),
            created_at=datetime.fromisoformat(created),
            alert_id=uuid.UUID(ident),
        )
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if position.last_activity.tzinfo is None or position.created_at.tzinfo is None:
        return None
    if not 0 <= position.group <= DONE_GROUP:
        return None
    return position


def normalise_reference(text: str) -> str | None:
    """The reference as the pages show it (8 characters, 0-9 and A-F), from what a person typed:
    spaces, dashes, a leading "#" and lower case are forgiven; a full alert id works too."""
    cleaned = re.sub(r"[\s#\-]", "", text).upper()[:8]
    return cleaned if REFERENCE.match(cleaned) else None


def reference_filter(reference: str) -> Q:
    """Alerts whose id starts with the reference: a range on the key, served by its index on
    PostgreSQL (uuid) and SQLite (hex text) alike."""
    low = uuid.UUID(reference.lower() + "0" * 24)
    high = uuid.UUID(reference.lower() + "f" * 24)
    return Q(id__gte=low, id__lte=high)


def category_filter(category: str) -> Q:
    """Alerts whose `categories` JSON list holds this value, on PostgreSQL and on SQLite.

    PostgreSQL has JSON containment (@>, served by an index if one is added). SQLite has none in
    Django, so there we match the quoted value in the JSON text: the quotes keep "harcelement"
    from matching "cyberharcelement". Values come from Category choices, never raw input.
    """
    if connection.features.supports_json_field_contains:
        return Q(categories__contains=[category])
    return Q(categories__icontains=f'"{category}"')


def filtered(user: Any, filters: dict[str, str]) -> QuerySet[Alert]:
    alerts = alerts_for(user)
    if filters.get("reference"):
        alerts = alerts.filter(reference_filter(filters["reference"]))
    if filters.get("status"):
        alerts = alerts.filter(status=filters["status"])
    if filters.get("school"):
        alerts = alerts.filter(school_id=filters["school"])
    if filters.get("category"):
        alerts = alerts.filter(category_filter(filters["category"]))
    if filters.get("danger") in {"yes", "no"}:
        alerts = alerts.filter(immediate_danger=filters["danger"] == "yes")
    return alerts


def ordered(alerts: QuerySet[Alert], user: Any) -> QuerySet[Alert]:
    """Annotate ``group`` and ``waiting`` (see the module's docstring) and order by them."""
    open_ = ~Q(status__in=DONE)
    alerts = with_activity(alerts, user).annotate(
        group=Case(
            When(Q(immediate_danger=True) & (Q(unread=True) | open_), then=Value(0)),
            When(unread=True, then=Value(1)),
            When(open_, then=Value(2)),
            default=Value(DONE_GROUP),
            output_field=IntegerField(),
        ),
    )
    alerts = alerts.annotate(
        waiting=Case(
            When(group__lt=DONE_GROUP, then=F("last_activity")),
            default=Value(None),
            output_field=DateTimeField(),
        )
    )
    return alerts.order_by("group", "waiting", "-created_at", "-id")


def after(alerts: QuerySet[Alert], position: Position) -> QuerySet[Alert]:
    """Rows that come after ``position`` in the order of ``ordered``."""
    older = Q(created_at__lt=position.created_at) | Q(
        created_at=position.created_at, id__lt=position.alert_id
    )
    if position.group < DONE_GROUP:
        within = Q(last_activity__gt=position.last_activity) | (
            Q(last_activity=position.last_activity) & older
        )
    else:
        within = older
    return alerts.filter(Q(group__gt=position.group) | (Q(group=position.group) & within))


def page(user: Any, filters: dict[str, str], cursor: str = "") -> Page:
    """One page of the user's inbox after `cursor`, and the cursor of the next page if any."""
    alerts = ordered(filtered(user, filters), user)
    if filters.get("unread"):
        alerts = alerts.filter(Q(unread=True))
    position = decode_cursor(cursor) if cursor else None
    if position is not None:
        alerts = after(alerts, position)
    # One row more than a page tells whether there is a next page, without counting.
    rows = list(
        alerts.select_related("school").defer(
            "description", "reporter_name", "reporter_contact", "status_reason"
        )[: PAGE_SIZE + 1]
    )
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return Page(alerts=rows, next_cursor=encode_cursor(rows[-1]) if more and rows else None)


def schools_with_alerts(user: Any) -> list[tuple[str, str]]:
    """(id, name) of the schools that have alerts the user may see, for the filter's select."""
    schools = (
        School.objects.filter(id__in=alerts_for(user).values("school_id"))
        .order_by("name", "city")
        .only("id", "name", "city")
    )
    return [(str(school.pk), str(school)) for school in schools]
