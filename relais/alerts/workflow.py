"""The alert's status workflow, as data: states, allowed moves, and what each means to a reporter.

One service (relais.alerts.services.move_alert) applies it; tests walk every transition.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from relais.proofs.kinds import ProofKind


class Status(models.TextChoices):
    RECEIVED = "received", _("received")
    TRIAGED = "triaged", _("triaged")
    NOTICE_SENT = "notice_sent", _("notice sent")
    ACKNOWLEDGED = "acknowledged", _("acknowledged by the school")
    IN_FOLLOW_UP = "in_follow_up", _("in follow-up")
    CLOSED = "closed", _("closed")
    REFUSED = "refused", _("refused as unfounded")


TRANSITIONS: dict[str, frozenset[str]] = {
    Status.RECEIVED: frozenset({Status.TRIAGED, Status.REFUSED}),
    Status.TRIAGED: frozenset({Status.NOTICE_SENT, Status.IN_FOLLOW_UP, Status.REFUSED}),
    Status.NOTICE_SENT: frozenset({Status.ACKNOWLEDGED, Status.IN_FOLLOW_UP, Status.CLOSED}),
    Status.ACKNOWLEDGED: frozenset({Status.IN_FOLLOW_UP, Status.CLOSED}),
    Status.IN_FOLLOW_UP: frozenset({Status.CLOSED}),
    # A closed alert can be reopened when the bullying starts again; a refusal is final.
    Status.CLOSED: frozenset({Status.IN_FOLLOW_UP}),
    Status.REFUSED: frozenset(),
}

# Statuses that record an event, and the event that reaches each: a person never moves an alert
# there (the reporter would read that the school was warned, or confirmed, when nothing
# happened). Only the notice's services do, in the transaction of the event's proof entry, named
# by its kind.
EVENT_ONLY: dict[str, str] = {
    Status.NOTICE_SENT: ProofKind.NOTICE_SENT,  # the SMTP server accepted the notice
    Status.ACKNOWLEDGED: ProofKind.NOTICE_ACKNOWLEDGED,  # the school used its acknowledgment link
}

# Moves that need a written reason, shown to the reporter.
REASON_REQUIRED = frozenset({Status.REFUSED})

# What the reporter reads in their mailbox: plain words, no jargon.
FOR_REPORTER: dict[str, object] = {
    Status.RECEIVED: _("Your alert has arrived. Someone from our team will read it soon."),
    Status.TRIAGED: _("Our team has read your alert and is preparing what to do next."),
    Status.NOTICE_SENT: _(
        "We have warned the school's direction, without giving your name or the victim's."
    ),
    Status.ACKNOWLEDGED: _("The school's direction has confirmed that it received our warning."),
    Status.IN_FOLLOW_UP: _("We are following the situation with the school."),
    Status.CLOSED: _("This alert is closed. You can still write to us here."),
    Status.REFUSED: _("We could not follow up on this alert. The reason is below."),
}


def allowed(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())
