"""The e-mail that tells a school the association opened its case (origin ASSOCIATION, from the
alert page: relais.cases.association.open_case_for_alert). Without it the case would wait,
unseen, in a list the school may never open: a danger step is due two hours after the opening.

Queued by services.open_case in the opening's own transaction (no case without its e-mail, no
e-mail without its case), to the school's official address from the directory
(School.direction_email; none: nothing is queued, and the case worker's page says so). From
"Relais", an automatic message (kind REMINDER, as the sweep's: Auto-Submitted), in French
(relais.cases.emails.opened_email), its Reply-To the association, which the school can answer.

It says which association opened which case number, the steps due first (title and due date in
the school's time zone; a step due within hours marked urgent), the link to the school's cases,
and how to get an account when the school has none. Never a name, nothing of the alert (the
reporter's words), nothing the association wrote: the case is opened bare.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from relais.accounts.invitations import has_direction
from relais.alerts.models import Alert
from relais.cases.emails import FirstStep, Words, opened_email
from relais.cases.models import Case, CaseStep
from relais.notices.compose import contact_lines
from relais.notices.models import RECEIPT_DAYS, Notice, NoticeState, OutboxKind, OutboxMessage
from relais.notices.queue import queue_message
from relais.notices.texts import long_date, texts_for
from relais.protocols.loader import get_protocol

# The e-mail lists this many steps, the soonest due first; the case page shows the rest.
FIRST_STEPS = 5
# A step due sooner than this after the opening is marked urgent ("à faire dans les 2 heures").
URGENT = timedelta(hours=12)
HOUR = timedelta(hours=1)


def _hours_left(due_at: datetime, now: datetime) -> int | None:
    left = due_at - now
    if left >= URGENT:
        return None
    return max(1, math.ceil(left / HOUR))


def _first_steps(case: Case) -> tuple[list[FirstStep], int]:
    """The open steps with a due date, the soonest first (the protocol's order breaking ties):
    the first FIRST_STEPS as the e-mail lists them, and how many more there are."""
    try:
        order = {step.key: index for index, step in enumerate(get_protocol(case.protocol).steps)}
    except KeyError:
        order = {}
    due = CaseStep.objects.filter(case=case, done_at__isnull=True, due_at__isnull=False)
    rows = sorted(
        ((key, due_at) for key, due_at in due.values_list("key", "due_at") if due_at is not None),
        key=lambda row: (row[1], order.get(row[0], len(order)), row[0]),
    )
    words = Words()
    jurisdiction = case.school.jurisdiction
    steps = [
        FirstStep(
            title=words.title(case.protocol, key),
            due=words.due(jurisdiction, due_at),
            hours=_hours_left(due_at, case.opened_at),
        )
        for key, due_at in rows[:FIRST_STEPS]
    ]
    return steps, len(rows) - len(steps)


def _notice_day(alert: Alert, case: Case) -> str:
    """The day the notice about ``alert`` was sent, when its link still leads the school to the
    acknowledgment receipt, which offers "Demander un compte pour l'école" (relais/accounts/
    ask_views.py): a link not used and not expired, or an acknowledgment whose receipt can still
    be read (RECEIPT_DAYS). Empty when there is no such notice."""
    now = timezone.now()
    sent_at = (
        Notice.objects.filter(alert=alert, sent_at__isnull=False)
        .filter(
            Q(
                state=NoticeState.SENT,
                ack_links__used_at__isnull=True,
                ack_links__expires_at__gt=now,
            )
            | Q(
                state=NoticeState.ACKNOWLEDGED,
                acknowledgment__acknowledged_at__gt=now - timedelta(days=RECEIPT_DAYS),
            )
        )
        .order_by("-sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )
    if sent_at is None:
        return ""
    zone = texts_for(case.school.jurisdiction).zone()
    return long_date(sent_at.astimezone(zone).date())


def tell_school(*, case: Case, alert: Alert) -> OutboxMessage | None:
    """Queue, in the caller's transaction, the e-mail telling the case's school that the
    association handling ``alert`` opened ``case``; None when the school has no official
    address (nothing is queued)."""
    school = case.school
    if not school.direction_email:
        return None
    organisation = alert.organisation
    steps, more = _first_steps(case)
    has_account = has_direction(school)
    subject, body = opened_email(
        school=school.name,
        case_number=case.number,
        organisation=organisation.name if organisation is not None else "",
        email=organisation.email if organisation is not None else "",
        contact=contact_lines(alert),
        steps=steps,
        more=more,
        has_account=has_account,
        notice_day="" if has_account else _notice_day(alert, case),
    )
    return queue_message(
        kind=OutboxKind.REMINDER,
        to=school.direction_email,
        subject=subject,
        body=body,
        from_name="Relais",
        reply_to=organisation.email if organisation is not None else "",
    )
