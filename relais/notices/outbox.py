"""The outbox: an e-mail is committed before any attempt, sent by a worker, and sent once.

The procedure for one attempt:

1. In a transaction that commits before any connection opens: claim the message (state
   "sending"), write the attempt row (outcome "started") and, for a notice or a reminder, mint its
   acknowledgment link (only the token's SHA-256 is stored; the token lives in this process and in
   the e-mail, nowhere else).
2. Hand the message to the SMTP server with smtplib (MAIL, RCPT, DATA), keeping the server's reply
   to DATA: that reply is the proof that the notice left.
3. In a transaction: record the reply and apply it (sent + proof entry + alert moved; retry later
   with back-off on 4xx and connection errors; failed on 5xx).

Never sending twice. A worker killed between the server's "250" and step 3 leaves an attempt
"started" with no reply. SMTP offers no way to ask whether a message arrived, so such an attempt
is reconciled as "outcome unknown" once it is older than OUTBOX_LEASE_SECONDS (a live worker
finishes an attempt well within it), and its message is NOT re-sent automatically: the case worker
sees it and may re-send it explicitly, with the same Message-ID so that a receiving system can drop
a duplicate; an acknowledgment through the link proves delivery and settles it (services.py).
The same rule applies when the connection drops after DATA was sent but before the reply came.
"""

from __future__ import annotations

import email.policy
import logging
import os
import secrets
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from relais.notices import effects, workflow
from relais.notices.models import (
    AckLink,
    AttemptOutcome,
    Notice,
    OutboxAttempt,
    OutboxKind,
    OutboxMessage,
    OutboxState,
)
from relais.notices.queue import token_digest
from relais.notices.texts import texts_for

logger = logging.getLogger(__name__)

# Stand-ins in a stored body, replaced at each attempt by a freshly minted link and its expiry.
ACK_URL = "[[relais:ack-url]]"
ACK_EXPIRES = "[[relais:ack-expires]]"
ACK_DUE = "[[relais:ack-due]]"  # the acknowledgment's deadline, counted from this attempt
ESCALATION_DUE = "[[relais:escalation-due]]"  # when the authority may be told, from this attempt
# Test-only: RELAIS_FAULT_POINT=after_smtp_accept kills the worker right after the server's 250.
FAULT_ENV = "RELAIS_FAULT_POINT"
BATCH = 50

# Another app's e-mail whose link, like the acknowledgment link, is minted at each attempt so
# that the database never holds a usable token: the app registers (in its AppConfig.ready) a
# function of the message, the attempt's start and the stored body that mints the link, keeps
# its SHA-256 and returns the body to send. It runs in step 1's transaction.
LinkMinter = Callable[[OutboxMessage, datetime, str], str]
LINK_MINTERS: dict[str, LinkMinter] = {}


def register_link_minter(kind: str, minter: LinkMinter) -> None:
    LINK_MINTERS[kind] = minter


@dataclass(frozen=True)
class Result:
    outcome: str
    code: int | None
    reply: str


def _backoff(attempts: int) -> timedelta:
    steps = settings.OUTBOX_BACKOFF_SECONDS or [60]
    return timedelta(seconds=steps[min(attempts, len(steps)) - 1])


def _fault_point(name: str) -> None:
    if os.environ.get(FAULT_ENV) == name:
        # Simulates `kill -9`: no cleanup, no transaction commit, no QUIT.
        os._exit(137)


def _classify(code: int, reply: bytes | str) -> Result:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    outcome = AttemptOutcome.REJECTED if 500 <= code < 600 else AttemptOutcome.DEFERRED
    return Result(outcome, code, text)


def _build(message: OutboxMessage, body: str) -> bytes:
    mail = EmailMessage()
    mail["From"] = message.from_email
    mail["To"] = message.to_email
    if message.reply_to:
        mail["Reply-To"] = message.reply_to
    mail["Subject"] = message.subject
    mail["Date"] = format_datetime(timezone.now())
    mail["Message-ID"] = message.message_id
    if message.kind == OutboxKind.REMINDER and message.notice_id:
        # In the school's mailbox the reminder sits under the notice it is about.
        first = (
            OutboxMessage.objects.filter(notice_id=message.notice_id, kind=OutboxKind.NOTICE)
            .values_list("message_id", flat=True)
            .first()
        )
        if first:
            mail["In-Reply-To"] = first
            mail["References"] = first
    # RFC 3834: what a program writes on its own says so, so that no auto-reply answers it; a
    # notice or an escalation is a person's decision.
    automatic = message.kind in (OutboxKind.REMINDER, OutboxKind.STAFF)
    mail["Auto-Submitted"] = "auto-generated" if automatic else "no"
    mail.set_content(body, charset="utf-8")
    # CRLF line ends: smtplib sends bytes as they are.
    return mail.as_bytes(policy=email.policy.SMTP)


def smtp_send(message: OutboxMessage, body: str) -> Result:
    """One SMTP session. Errors before DATA are retried; a lost reply to DATA is "unknown"."""
    raw = _build(message, body)
    data_sent = False
    smtp: smtplib.SMTP | None = None
    try:
        smtp = smtplib.SMTP(
            settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=settings.EMAIL_TIMEOUT
        )
        smtp.ehlo()
        if settings.EMAIL_USE_TLS:
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        if settings.EMAIL_HOST_USER:
            smtp.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)
        code, reply = smtp.mail(parseaddr(message.from_email)[1])
        if code != 250:
            return _classify(code, reply)
        code, reply = smtp.rcpt(message.to_email)
        if code not in (250, 251):
            return _classify(code, reply)
        data_sent = True
        # smtplib.data raises only when DATA itself is refused; the reply to the content is
        # returned whatever its code.
        code, reply = smtp.data(raw)
        if code != 250:
            return _classify(code, reply)
        _fault_point("after_smtp_accept")
        return Result(AttemptOutcome.ACCEPTED, code, reply.decode("utf-8", "replace"))
    except smtplib.SMTPDataError as error:
        return _classify(error.smtp_code, error.smtp_error)
    except smtplib.SMTPResponseException as error:
        if data_sent:
            return Result(AttemptOutcome.UNKNOWN, error.smtp_code, str(error.smtp_error))
        # Authentication and TLS refusals are configuration problems: retry, do not give up.
        return Result(AttemptOutcome.DEFERRED, error.smtp_code, str(error.smtp_error))
    except (smtplib.SMTPException, OSError) as error:
        outcome = AttemptOutcome.UNKNOWN if data_sent else AttemptOutcome.DEFERRED
        return Result(outcome, None, f"{type(error).__name__}: {error}")
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()


def _ack_url(token: str) -> str:
    # The token travels in the query string: the access log records the path only.
    return f"{settings.SITE_URL.rstrip('/')}{reverse('notices_ack:ack')}?{urlencode({'t': token})}"


def fill(body: str, *, link: str, started: datetime, expires: datetime, jurisdiction: str) -> str:
    """A stored body as it leaves with the attempt started at ``started``: its link, the link's
    expiry and the deadlines counted from this attempt, in the school's own time, zone named."""
    texts = texts_for(jurisdiction)
    return (
        body.replace(ACK_URL, link)
        .replace(ACK_EXPIRES, texts.when(expires))
        .replace(ACK_DUE, texts.when(started + timedelta(days=texts.ack_days)))
        .replace(ESCALATION_DUE, texts.when(started + timedelta(days=texts.escalation_days)))
    )


def _claim(
    now: datetime, exclude: set[Any] | frozenset[Any] = frozenset()
) -> tuple[OutboxMessage, OutboxAttempt, str] | None:
    """Step 1: the attempt (and the link it carries) committed before we talk to SMTP."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(state=OutboxState.QUEUED, next_attempt_at__lte=now)
            .exclude(pk__in=exclude)
            .order_by("next_attempt_at", "created_at")
            .first()
        )
        if message is None:
            return None
        workflow.move(
            message, "claim", by=workflow.SYSTEM, changes={"attempts": message.attempts + 1}
        )
        started = timezone.now()
        attempt = OutboxAttempt.objects.create(
            message=message, number=message.attempts, started_at=started
        )
        body = message.body
        if message.notice_id and ACK_URL in body:
            token = secrets.token_urlsafe(32)  # 256 bits
            expires = started + timedelta(days=settings.ACK_LINK_DAYS)
            AckLink.objects.create(
                notice_id=message.notice_id,
                attempt=attempt,
                token_digest=token_digest(token),
                expires_at=expires,
            )
            notice = Notice.objects.only("jurisdiction").get(pk=message.notice_id)
            body = fill(
                body,
                link=_ack_url(token),
                started=started,
                expires=expires,
                jurisdiction=notice.jurisdiction,
            )
        elif message.kind in LINK_MINTERS:
            body = LINK_MINTERS[message.kind](message, started, body)
    return message, attempt, body


def _record(message: OutboxMessage, attempt: OutboxAttempt, result: Result) -> None:
    """Step 3: keep the reply and apply it, with the proof entry, in one transaction."""
    now = timezone.now()
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
        attempt = OutboxAttempt.objects.select_for_update().get(pk=attempt.pk)
        attempt.finished_at = now
        attempt.outcome = result.outcome
        attempt.smtp_code = result.code
        attempt.smtp_reply = result.reply[:2000]
        attempt.save()
        if message.state == OutboxState.SENT:
            return  # settled meanwhile (an acknowledgment proved delivery)
        changes: dict[str, Any] = {
            "last_error": "" if result.outcome == AttemptOutcome.ACCEPTED else result.reply
        }
        if result.outcome == AttemptOutcome.ACCEPTED:
            event = "accepted"
            changes["sent_at"] = now
        elif result.outcome == AttemptOutcome.UNKNOWN:
            event = "unknown"
        elif (
            result.outcome == AttemptOutcome.REJECTED
            or message.attempts >= settings.OUTBOX_MAX_ATTEMPTS
        ):
            event = "rejected"
        else:
            event = "deferred"
            changes["next_attempt_at"] = now + _backoff(message.attempts)
        workflow.move(message, event, by=workflow.SYSTEM, changes=changes)
        if result.outcome in (AttemptOutcome.DEFERRED, AttemptOutcome.REJECTED):
            # The link of an attempt the server refused never reached anyone.
            AckLink.objects.filter(attempt=attempt).delete()
        if message.state == OutboxState.SENT:
            effects.accepted(message=message, attempt=attempt)
        elif message.state == OutboxState.FAILED:
            effects.failed(message=message, attempt=attempt)
        elif message.state == OutboxState.UNKNOWN:
            effects.unknown(message=message, attempt=attempt)


def reconcile_interrupted(now: datetime | None = None) -> int:
    """Attempts started longer than the lease ago with no reply: their outcome is unknown."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    count = 0
    with transaction.atomic():
        stale = OutboxAttempt.objects.select_for_update().filter(
            outcome=AttemptOutcome.STARTED, started_at__lte=cutoff
        )
        for attempt in stale.select_related("message"):
            attempt.outcome = AttemptOutcome.UNKNOWN
            attempt.finished_at = now
            attempt.smtp_reply = "worker stopped before recording the server's reply"
            attempt.save()
            message = attempt.message
            if message.state == OutboxState.SENDING:
                workflow.move(
                    message,
                    "unknown",
                    by=workflow.SYSTEM,
                    changes={"last_error": attempt.smtp_reply},
                )
                effects.unknown(message=message, attempt=attempt)
            count += 1
    if count:
        logger.warning("outbox: %d interrupted attempt(s) marked outcome unknown", count)
    return count


def send_due(now: datetime | None = None, limit: int = BATCH) -> int:
    """Send what is due; returns the number of attempts made."""
    now = now or timezone.now()
    made = 0
    tried: set[Any] = set()  # each message at most once per round, whatever its back-off
    while made < limit:
        reconcile_interrupted()
        claimed = _claim(now, exclude=tried)
        if claimed is None:
            break
        message, attempt, body = claimed
        tried.add(message.pk)
        result = smtp_send(message, body)
        _record(message, attempt, result)
        logger.info("outbox: %s attempt %d %s", message.message_id, attempt.number, result.outcome)
        made += 1
    return made
