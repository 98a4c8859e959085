"""The inbox query: filters and keyset pagination, newest first.

Pages are walked with a cursor on (created_at, id) rather than OFFSET, so page 1 000 costs what
page 1 costs, and nothing counts the whole table.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from relais.alerts.access import alerts_for
from relais.alerts.models import Alert
from relais.schools.models import School

PAGE_SIZE = 50


@dataclass(frozen=True)
class Page:
    alerts: list[Alert]
    next_cursor: str | None


def encode_cursor(alert: Alert) -> str:
    raw = f"{alert.created_at.isoformat()}|{alert.pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID] | None:
    """The position a cursor points at, or None when it is not one of ours (then: first page)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        when, _, ident = raw.partition("|")
        created_at = datetime.fromisoformat(when)
        alert_id = uuid.UUID(ident)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if created_at.tzinfo is None:
        return None
    return created_at, alert_id


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
    if filters.get("status"):
        alerts = alerts.filter(status=filters["status"])
    if filters.get("school"):
        alerts = alerts.filter(school_id=filters["school"])
    if filters.get("category"):
        alerts = alerts.filter(category_filter(filters["category"]))
    if filters.get("danger") in {"yes", "no"}:
        alerts = alerts.filter(immediate_danger=filters["danger"] == "yes")
    return alerts


def page(user: Any, filters: dict[str, str], cursor: str = "") -> Page:
    """One page of the user's inbox after `cursor`, and the cursor of the next page if any."""
    alerts = filtered(user, filters)
    position = decode_cursor(cursor) if cursor else None
    if position is not None:
        created_at, alert_id = position
        alerts = alerts.filter(
            Q(created_at__lt=created_at) | Q(created_at=created_at, id__lt=alert_id)
        )
    # One row more than a page tells whether there is a next page, without counting.
    rows = list(
        alerts.select_related("school")
        .defer("description", "reporter_name", "reporter_contact", "status_reason")
        .order_by("-created_at", "-id")[: PAGE_SIZE + 1]
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
