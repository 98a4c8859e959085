"""The reporter's latest activity on an alert, and whether a case worker has seen it.

Computed in the query from the alert, its reporter's messages and files, and the case worker's
own AlertRead row: nothing is written when the reporter acts, so a new message or file marks the
alert unread for every case worker without any code on the reporter's side knowing about it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    DateTimeField,
    F,
    FilteredRelation,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from relais.alerts.models import Alert, Message
from relais.alerts.workflow import Status
from relais.evidence.models import EvidenceItem

# Statuses in which nothing is left to do; every other one is "open".
DONE = (Status.CLOSED, Status.REFUSED)


def last_reporter_activity() -> Greatest:
    """When the reporter last acted on the alert (OuterRef "pk"): sent it, wrote, added a file."""
    message = (
        Message.objects.filter(alert=OuterRef("pk"), author=Message.Author.REPORTER)
        .order_by("-sent_at")
        .values("sent_at")[:1]
    )
    item = (
        EvidenceItem.objects.filter(
            alert=OuterRef("pk"), uploaded_by=EvidenceItem.Uploader.REPORTER
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    # Coalesce first: SQLite's MAX() of several values is NULL as soon as one of them is.
    return Greatest(
        F("created_at"),
        Coalesce(Subquery(message, output_field=DateTimeField()), F("created_at")),
        Coalesce(Subquery(item, output_field=DateTimeField()), F("created_at")),
        output_field=DateTimeField(),
    )


def with_activity(alerts: QuerySet[Alert], user: Any) -> QuerySet[Alert]:
    """Annotate ``last_activity``, ``read_at`` (this user's) and ``unread``.

    Joins and aggregates rather than a subquery per value: the inbox's order and its cursor
    repeat these expressions several times, and the database computes an aggregate once per
    row where it would run a repeated subquery each time it appears (20 000 alerts on
    PostgreSQL: see docs/staff.md).
    """
    alerts = alerts.annotate(
        mine=FilteredRelation("reads", condition=Q(reads__user_id=user.pk)),
        reporter_messages=FilteredRelation(
            "messages", condition=Q(messages__author=Message.Author.REPORTER)
        ),
        reporter_files=FilteredRelation(
            "evidence", condition=Q(evidence__uploaded_by=EvidenceItem.Uploader.REPORTER)
        ),
    ).annotate(
        read_at=Max("mine__read_at"),
        last_message=Max("reporter_messages__sent_at"),
        last_file=Max("reporter_files__created_at"),
    )
    return alerts.annotate(
        last_activity=Greatest(
            F("created_at"),
            Coalesce(F("last_message"), F("created_at")),
            Coalesce(F("last_file"), F("created_at")),
            output_field=DateTimeField(),
        ),
    ).annotate(
        unread=Case(
            When(Q(read_at__isnull=True) | Q(read_at__lt=F("last_activity")), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
