"""Committing an e-mail to the outbox, apart from sending it (relais.notices.outbox).

Kept apart so that any part of Relais may queue an e-mail inside its own transaction without
importing what sending does afterwards (moving the alert, proof entries): that would tie the
alerts' services, which queue e-mails to case workers, to themselves in an import cycle.
"""

from __future__ import annotations

import hashlib
import uuid
from email.utils import formataddr
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.utils import timezone

from relais.audit.models import ActorKind
from relais.notices import workflow
from relais.notices.models import OutboxMessage, OutboxState


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def message_id_domain() -> str:
    return settings.MESSAGE_ID_DOMAIN or urlparse(settings.SITE_URL).hostname or "relais.invalid"


def new_message_id() -> str:
    return f"<{uuid.uuid4()}@{message_id_domain()}>"


def queue_message(
    *,
    kind: str,
    to: str,
    subject: str,
    body: str,
    notice: Any = None,
    from_name: str = "",
    reply_to: str = "",
) -> OutboxMessage:
    """Commit an e-mail to the outbox (call inside the caller's transaction)."""
    message = unsaved_message(
        kind=kind,
        to=to,
        subject=subject,
        body=body,
        notice=notice,
        from_name=from_name,
        reply_to=reply_to,
    )
    message.save(force_insert=True)
    return message


def unsaved_message(
    *,
    kind: str,
    to: str,
    subject: str,
    body: str,
    notice: Any = None,
    from_name: str = "",
    reply_to: str = "",
) -> OutboxMessage:
    """The e-mail, not saved yet: a sweep that queues many commits them with one
    ``bulk_create`` (relais.cases.deadlines)."""
    return OutboxMessage(
        kind=kind,
        notice=notice,
        from_email=formataddr((from_name, settings.DEFAULT_FROM_EMAIL)),
        reply_to=reply_to,
        to_email=to,
        subject=subject,
        body=body,
        message_id=new_message_id(),
        next_attempt_at=timezone.now(),
    )


def withdraw(message_id: Any, *, by: ActorKind) -> bool:
    """Withdraw an e-mail that no attempt has handed over yet (queued, perhaps waiting for a
    retry): it becomes "cancelled", which the worker never claims. One being sent, sent, refused
    or of unknown outcome stays as it is: it may have left. Call inside the caller's transaction;
    True when the e-mail was withdrawn."""
    message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
    if message is None or message.state != OutboxState.QUEUED:
        return False
    # The school's "cancel", an administrator's "withdraw" (relais.accounts.withdrawal): a move
    # of the table has one actor kind.
    event = "withdraw" if by == ActorKind.STAFF else "cancel"
    workflow.move(message, event, by=by, changes={"next_attempt_at": None})
    return True
