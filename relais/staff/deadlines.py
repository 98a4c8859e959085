"""The next deadline of each alert on an inbox page, computed for the whole page at once.

The clocks (shared/design/domain.md): acknowledge an alert to its reporter within 7 days (moving
it out of "received" does that: the mailbox then says that the team has read it); feedback to the
reporter within 3 months, until the alert is closed or refused; once a notice has left, the
school's acknowledgment, then the reminder and the escalation at the jurisdiction's figures; a
proposed escalation waits for the case worker from the day it was proposed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from relais.alerts.models import Alert
from relais.alerts.workflow import Status
from relais.notices.models import EscalationState, Notice, NoticeState
from relais.notices.texts import texts_for
from relais.staff.activity import DONE

ACKNOWLEDGE_TO_REPORTER = timedelta(days=7)
FEEDBACK_TO_REPORTER = timedelta(days=91)  # three months, rounded up to whole weeks


@dataclass(frozen=True)
class Deadline:
    what: Any  # a lazy translated label
    due: datetime
    overdue: bool


def _notice_clocks(notice: Notice) -> list[tuple[Any, datetime]]:
    if notice.state != NoticeState.SENT or notice.sent_at is None:
        return []
    texts = texts_for(notice.jurisdiction)
    proposal = getattr(notice, "escalation", None)
    if proposal is not None:
        if proposal.state == EscalationState.PROPOSED:
            return [(_("escalation to decide"), proposal.created_at)]
        return []
    clocks = [(_("escalation proposed"), notice.sent_at + timedelta(days=texts.escalation_days))]
    if notice.reminder_queued_at is None:
        clocks.append(
            (_("school's acknowledgment"), notice.sent_at + timedelta(days=texts.ack_days))
        )
    return clocks


def _clocks(alert: Alert, notice: Notice | None) -> list[tuple[Any, datetime]]:
    if alert.status in DONE:
        return []
    clocks = [(_("feedback to the reporter"), alert.created_at + FEEDBACK_TO_REPORTER)]
    if alert.status == Status.RECEIVED:
        clocks.append(
            (_("acknowledge to the reporter"), alert.created_at + ACKNOWLEDGE_TO_REPORTER)
        )
    if notice is not None:
        clocks += _notice_clocks(notice)
    return clocks


def next_deadlines(alerts: Iterable[Alert], now: datetime | None = None) -> dict[Any, Deadline]:
    """{alert id: its next deadline} for the alerts that have one; one query for the page."""
    now = now or timezone.now()
    alerts = list(alerts)
    latest: dict[Any, Notice] = {}
    notices = (
        Notice.objects.filter(alert_id__in=[alert.pk for alert in alerts])
        .exclude(state=NoticeState.DRAFT)
        .select_related("escalation")
        .only(
            "alert_id",
            "state",
            "jurisdiction",
            "sent_at",
            "reminder_queued_at",
            "created_at",
            "escalation__state",
            "escalation__created_at",
        )
        .order_by("created_at")
    )
    for notice in notices:
        latest[notice.alert_id] = notice  # the newest wins
    result = {}
    for alert in alerts:
        clocks = _clocks(alert, latest.get(alert.pk))
        if clocks:
            what, due = min(clocks, key=lambda clock: clock[1])
            result[alert.pk] = Deadline(what=what, due=due, overdue=due < now)
    return result
