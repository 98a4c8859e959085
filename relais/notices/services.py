"""Writes on notices: draft, send (through the outbox), re-send, acknowledge.

Each runs in one transaction with its audit row; the proof entries are appended in the same
transaction as the change they prove (effects.mark_notice_sent, acknowledge_notice).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.alerts.models import Alert
from relais.alerts.services import move_alert
from relais.alerts.workflow import Status, allowed
from relais.audit.models import ActorKind, AuditAction
from relais.audit.services import record
from relais.notices import compose, effects, proof_events, queue, redaction, workflow
from relais.notices.models import (
    MAX_FACTS,
    MAX_NOTICE,
    AckLink,
    Acknowledgment,
    Notice,
    NoticeState,
    OutboxKind,
    OutboxMessage,
    OutboxState,
)
from relais.notices.redaction import Finding
from relais.proofs.formats import format_time
from relais.proofs.kinds import ProofKind
from relais.proofs.models import TreeHead
from relais.proofs.services import latest_tree_head, sequence_and_sign

logger = logging.getLogger(__name__)

MAX_NAME = 200
MAX_TOKEN = 100


class RedactionBlocked(Exception):
    """The notice holds identifiers from the alert; it can only go with a written reason."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"{len(findings)} identifier(s) found")
        self.findings = findings


class LinkUnknown(Exception):
    """No link has this token."""


class LinkGone(Exception):
    """The link was used already, or has expired. ``reason`` is "used" or "expired"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def latest_notice(alert: Alert) -> Notice | None:
    return Notice.objects.filter(alert=alert).order_by("-created_at").first()


def save_notice(*, alert: Alert, actor: Any, subject: str, body: str, facts: str = "") -> Notice:
    """Create or update the alert's draft notice."""
    subject, body, facts = " ".join(subject.split()), body.strip(), facts.strip()
    if not subject or not body:
        raise ValidationError(_("Write a subject and a text."), code="required")
    if len(subject) > 200 or len(body) > MAX_NOTICE or len(facts) > MAX_FACTS:
        raise ValidationError(_("The notice is too long."), code="too_long")
    with transaction.atomic():
        Alert.objects.select_for_update().get(pk=alert.pk)
        notice = latest_notice(alert)
        if notice is not None and notice.state not in (NoticeState.DRAFT, NoticeState.FAILED):
            raise ValidationError(
                _("A notice has already been sent for this alert."), code="already_sent"
            )
        if notice is None or notice.state == NoticeState.FAILED:
            notice = Notice(alert=alert, jurisdiction=alert.school.jurisdiction)
        notice.author = actor
        notice.subject = subject
        notice.body = body
        notice.facts = facts
        notice.save()
        record(actor=actor, action=AuditAction.NOTICE_DRAFTED, obj=alert, notice=str(notice.pk))
    return notice


def send_notice(
    *,
    alert: Alert,
    actor: Any,
    subject: str,
    body: str,
    override_reason: str = "",
    not_names: Iterable[str] = (),
    facts: str = "",
) -> Notice:
    """Save the draft, run the redaction check, and commit the e-mail to the outbox.

    Raises RedactionBlocked when the text holds identifiers from the alert, or possible names
    that the case worker has not confirmed (``not_names``) are not names, and no reason is
    given; with a reason, the override is stored and audited. The draft is kept either way.
    """
    notice = save_notice(alert=alert, actor=actor, subject=subject, body=body, facts=facts)
    reason = override_reason.strip()
    with transaction.atomic():
        locked = Alert.objects.select_for_update().select_related("school").get(pk=alert.pk)
        if not allowed(locked.status, Status.NOTICE_SENT):
            raise ValidationError(
                _("A notice can be sent only for a triaged alert (this one is “%(status)s”).")
                % {"status": Status(locked.status).label},
                code="status",
            )
        if not locked.school.direction_email:
            raise ValidationError(
                _("This school has no direction e-mail address; add it to the school first."),
                code="no_address",
            )
        if not notice.facts:
            raise ValidationError(
                _("Write the facts: the school cannot act on categories and a date alone."),
                code="no_facts",
            )
        if not (locked.organisation and locked.organisation.email):
            raise ValidationError(
                _(
                    "Your organisation has no contact e-mail, so the school could not answer. "
                    "An administrator adds it to the organisation in the admin."
                ),
                code="no_contact",
            )
        check = compose.check_notice(locked, notice.subject, notice.body, facts=notice.facts)
        unconfirmed = redaction.unconfirmed(check.possible, not_names)
        blocking = check.findings + unconfirmed
        if blocking and not reason:
            raise RedactionBlocked(blocking)
        confirmed = [item.text for item in check.possible if item not in unconfirmed]
        if confirmed:
            record(
                actor=actor,
                action=AuditAction.NOTICE_NOT_NAMES_CONFIRMED,
                obj=locked,
                notice=str(notice.pk),
                words=confirmed,
            )
        if blocking:
            notice.override_reason = reason
            notice.overridden_by = actor
            record(
                actor=actor,
                action=AuditAction.NOTICE_REDACTION_OVERRIDDEN,
                obj=locked,
                notice=str(notice.pk),
                found=len(blocking),
                kinds=sorted({f.kind for f in blocking}),
                reason=reason,
            )
        subject_line, email_body = compose.notice_email(notice)
        from_name, reply_to = compose.sender(locked)
        queue.queue_message(
            kind=OutboxKind.NOTICE,
            to=locked.school.direction_email,
            subject=subject_line,
            body=email_body,
            notice=notice,
            from_name=from_name,
            reply_to=reply_to,
        )
        notice.save()  # the override, if any, with the text that went
        workflow.move(
            notice,
            "queue",
            by=workflow.STAFF,
            actor=actor,
            audit_on=locked,
            changes={"queued_at": timezone.now()},
            notice=str(notice.pk),
            warnings=len(check.warnings),
        )
    return notice


def resend_notice(*, notice: Notice, actor: Any) -> OutboxMessage:
    """Send again a notice whose outcome is unknown or that the server refused.

    Same Message-ID, so that a receiving system can recognise a duplicate; the address is the
    school's current one (a refusal is often a wrong address, corrected meanwhile).
    """
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update()
            .filter(notice=notice, kind=OutboxKind.NOTICE)
            .select_related("notice__alert__school")
            .get()
        )
        if message.state not in (OutboxState.UNKNOWN, OutboxState.FAILED):
            raise ValidationError(_("This notice cannot be sent again now."), code="state")
        school = notice.alert.school
        if not school.direction_email:
            raise ValidationError(
                _("This school has no direction e-mail address; add it to the school first."),
                code="no_address",
            )
        previous = message.state
        # Same Message-ID; the school's current address.
        workflow.move(
            message,
            "requeue",
            by=workflow.STAFF,
            changes={"to_email": school.direction_email, "next_attempt_at": timezone.now()},
        )
        workflow.move(
            Notice.objects.select_for_update().get(pk=notice.pk),
            "resend",
            by=workflow.STAFF,
            actor=actor,
            audit_on=notice.alert,
            notice=str(notice.pk),
            previous=previous,
            message_id=message.message_id,
        )
    return message


def link_for_token(token: str, *, lock: bool = False) -> AckLink:
    """The live link behind a token. Raises LinkUnknown or LinkGone."""
    if not token or len(token) > MAX_TOKEN:
        raise LinkUnknown
    links = AckLink.objects.select_related("notice", "notice__alert", "notice__alert__school")
    if lock:
        links = links.select_for_update(of=("self",))
    link = links.filter(token_digest=queue.token_digest(token)).first()
    if link is None:
        raise LinkUnknown
    if link.used_at is not None or link.notice.state == NoticeState.ACKNOWLEDGED:
        raise LinkGone("used")
    if link.expires_at <= timezone.now():
        raise LinkGone("expired")
    return link


def tree_head_dict(head: TreeHead | None) -> dict[str, Any]:
    if head is None:
        return {}
    return {
        "tree_size": head.tree_size,
        "root_hash": head.root_hash,
        "timestamp": format_time(head.timestamp),
        "key_id": head.key_id,
        "signature": head.signature,
        "public_key": head.public_key,
        "timestamp_token": head.timestamp_token,
    }


def _settle_unknown_delivery(notice: Notice, now: Any) -> None:
    """The school used a link: the e-mail that carried it arrived, whatever its attempt said."""
    message = (
        OutboxMessage.objects.select_for_update()
        .filter(notice=notice, kind=OutboxKind.NOTICE)
        .first()
    )
    if message is None:
        return
    workflow.move(
        message,
        "delivered",
        by=workflow.SYSTEM,
        changes={"sent_at": message.sent_at or now, "last_error": ""},
    )
    effects.mark_notice_sent(
        notice=notice, message=message, code=None, reply="", confirmed_by="acknowledgment"
    )


def acknowledge_notice(*, token: str, name: str, role: str) -> Acknowledgment:
    """Record who at the school acknowledged the notice; the link is spent.

    Appends the "notice.acknowledged" proof entry and moves the alert in the same transaction;
    then folds the log and keeps the signed tree head the school is shown.
    """
    name, role = " ".join(name.split()), " ".join(role.split())
    errors = {}
    if not name:
        errors["name"] = _("Give your name.")
    if not role:
        errors["role"] = _("Give your role at the school.")
    if len(name) > MAX_NAME or len(role) > MAX_NAME:
        errors["name"] = _("At most 200 characters.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        link = link_for_token(token, lock=True)
        notice = Notice.objects.select_for_update().get(pk=link.notice_id)
        if notice.state == NoticeState.ACKNOWLEDGED:
            raise LinkGone("used")
        if notice.state != NoticeState.SENT:
            _settle_unknown_delivery(notice, now)
        AckLink.objects.filter(notice=notice, used_at__isnull=True).update(used_at=now)
        ack = Acknowledgment.objects.create(
            notice=notice, link=link, name=name, role=role, acknowledged_at=now
        )
        alert = notice.alert
        # Kept with the acknowledgment: the school's receipt carries the entry and, as its
        # opening, the payload the entry's digest covers.
        ack.entry, ack.payload = proof_events.notice_acknowledged(
            notice=notice, name=name, role=role, at=now
        )
        workflow.move(
            notice,
            "acknowledged",
            by=workflow.SCHOOL,
            audit_on=alert,
            changes={"acknowledged_at": now},
            proof=ack.entry,
            role=role,
        )
        ack.save(update_fields=["payload", "entry", "updated_at"])
        current = Alert.objects.only("status").get(pk=alert.pk).status
        if allowed(current, Status.ACKNOWLEDGED):
            move_alert(
                alert=alert,
                to=Status.ACKNOWLEDGED,
                actor=None,
                actor_kind=ActorKind.SCHOOL,
                event=ProofKind.NOTICE_ACKNOWLEDGED,
            )
    ack.tree_head = tree_head_dict(_fresh_tree_head())
    ack.save(update_fields=["tree_head", "updated_at"])
    return ack


def _fresh_tree_head() -> TreeHead | None:
    """A head that covers the acknowledgment itself when signing works; the latest otherwise."""
    try:
        return sequence_and_sign() or latest_tree_head()
    except Exception:  # the acknowledgment is recorded; the school still gets the latest head
        logger.exception("notices: could not sign a tree head after an acknowledgment")
        return latest_tree_head()
