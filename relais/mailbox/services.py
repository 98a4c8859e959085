"""Opening, using and closing a mailbox session."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from relais.alerts.models import Alert
from relais.lib.receipts import InvalidReceipt, normalise, receipt_digest
from relais.mailbox.models import MailboxSession

COOKIE = "relais_mailbox"
# Only touch the expiry when a fifth of the idle time has passed, to spare a write per request.
_SLIDE_AFTER = 0.2


class UnknownReceipt(Exception):
    """No alert has this receipt. Deliberately carries no detail."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_mailbox(*, receipt: str) -> tuple[str, Alert]:
    """Exchange a receipt for a session token.

    Raises InvalidReceipt when the text cannot be a receipt (the reporter is told why) and
    UnknownReceipt when it is well formed but matches nothing. The lookup goes through the keyed
    digest and a unique index, so its time does not depend on how close a guess was.
    """
    canonical = normalise(receipt)
    digest = receipt_digest(canonical)
    alert = Alert.objects.filter(receipt_digest=digest).first()
    if alert is None or not hmac.compare_digest(alert.receipt_digest, digest):
        raise UnknownReceipt
    token = secrets.token_urlsafe(32)
    MailboxSession.objects.create(
        token_digest=_digest(token),
        alert=alert,
        expires_at=timezone.now() + timedelta(seconds=settings.MAILBOX_IDLE_SECONDS),
    )
    return token, alert


def alert_for_token(token: str) -> Alert | None:
    """The alert behind a live session, sliding its idle timeout; None when expired or unknown."""
    if not token or len(token) > 100:
        return None
    now = timezone.now()
    session = (
        MailboxSession.objects.select_related("alert", "alert__school")
        .filter(token_digest=_digest(token), expires_at__gt=now)
        .first()
    )
    if session is None:
        return None
    idle = timedelta(seconds=settings.MAILBOX_IDLE_SECONDS)
    if session.expires_at - now < idle * (1 - _SLIDE_AFTER):
        MailboxSession.objects.filter(pk=session.pk).update(expires_at=now + idle)
    return session.alert


def close_mailbox(token: str) -> None:
    MailboxSession.objects.filter(token_digest=_digest(token)).delete()


def purge_expired_sessions() -> int:
    deleted, _ = MailboxSession.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


__all__ = [
    "COOKIE",
    "InvalidReceipt",
    "UnknownReceipt",
    "alert_for_token",
    "close_mailbox",
    "open_mailbox",
    "purge_expired_sessions",
]
