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
from relais.staff.models import AlertRead

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
    """Annotate ``last_activity``, ``read_at`` (this user's) and ``unread``."""
    read_at = AlertRead.objects.filter(user_id=user.pk, alert=OuterRef("pk")).values("read_at")[:1]
    return alerts.annotate(
        last_activity=last_reporter_activity(),
        read_at=Subquery(read_at, output_field=DateTimeField()),
    ).annotate(
        unread=Case(
            When(Q(read_at__isnull=True) | Q(read_at__lt=F("last_activity")), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
