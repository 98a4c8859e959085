"""What became of a referral's e-mail, as the school's case page says it (the "Relays" part and
the checklist's line under a step that suggests a kind of service): being sent, accepted by the
service's mail server on a day, refused (with the server's code), or of unknown outcome (a worker
stopped once the e-mail was handed over). The referral's e-mail is its newest one
(`Referral.message`: the first, or the last "send the link again"). As the case escalation's
(relais/cases/escalations.py `SentEscalation`), read from the outbox itself.

`deliveries(case)` reads them all in one query, whatever the number of referrals; templates get
them through `referral_tags` (`referrals_panel`, and `referral_delivery` for the checklist, which
reads once per page)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import OuterRef, Subquery

from relais.cases.models import Case, Referral
from relais.notices.models import AttemptOutcome, OutboxAttempt, OutboxOutcome, OutboxState


@dataclass(frozen=True)
class Delivery(OutboxOutcome):
    """The referral's newest e-mail and what the service's mail server answered."""

    state: str  # OutboxState
    queued_at: datetime  # when it was put in the outbox
    delivered_at: datetime | None  # when the server accepted it
    code: int | None  # the server's last reply code (None: never reached)
    reply: str  # the server's last reply, when it refused


def deliveries(case: Case | Any) -> dict[Any, Delivery]:
    """Each referral of ``case`` (the case or its id) with an e-mail, by the referral's id: one
    query."""
    last_code = (
        OutboxAttempt.objects.filter(message=OuterRef("message"))
        .exclude(outcome=AttemptOutcome.STARTED)
        .order_by("-number")
        .values("smtp_code")[:1]
    )
    rows = (
        Referral.objects.filter(case=case, message__isnull=False)
        .annotate(code=Subquery(last_code))
        .values_list(
            "pk",
            "message__state",
            "message__created_at",
            "message__sent_at",
            "message__last_error",
            "code",
        )
    )
    return {
        pk: Delivery(
            state=state,
            queued_at=queued_at,
            delivered_at=sent_at,
            code=code,
            reply=(error or "")[:300] if state == OutboxState.FAILED else "",
        )
        for pk, state, queued_at, sent_at, error, code in rows
        if state != OutboxState.CANCELLED  # withdrawn with its referral: nothing to tell
    }
