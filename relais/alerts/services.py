"""Every write to an alert goes through here, in one transaction with its audit row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.accounts.models import Organisation
from relais.alerts import proof_events
from relais.alerts.models import Alert, Message
from relais.alerts.workflow import EVENT_ONLY, REASON_REQUIRED, Status, allowed
from relais.audit.models import ActorKind, AuditAction
from relais.audit.services import record, record_opening
from relais.lib.receipts import new_receipt, receipt_digest
from relais.proofs.models import ProofEntry
from relais.schools.models import School
from relais.staff import notify


@dataclass(frozen=True)
class Submitted:
    alert: Alert
    receipt: str  # shown once to the reporter, never stored
    proof_entry: ProofEntry  # the log entry "alert received", for its promise


def organisation_for(school: School) -> Organisation | None:
    """The organisation that handles alerts about this school's jurisdiction."""
    for organisation in Organisation.objects.order_by("created_at"):
        if school.jurisdiction in organisation.jurisdictions:
            return organisation
    return None


def submit_alert(
    *,
    school: School,
    reporter_role: str,
    categories: list[str],
    description: str,
    immediate_danger: bool,
    good_faith: bool,
    started_on: date | None = None,
    platforms: list[str] | None = None,
    class_grade: str = "",
    consent_escalation: bool = False,
) -> Submitted:
    """Store a new alert and return it with its receipt (the only copy of the receipt)."""
    if not good_faith:
        raise ValidationError(_("You must confirm that you report in good faith."))
    receipt = new_receipt()
    with transaction.atomic():
        alert = Alert.objects.create(
            school=school,
            organisation=organisation_for(school),
            reporter_role=reporter_role,
            categories=sorted(set(categories)),
            description=description,
            started_on=started_on,
            platforms=sorted(set(platforms or [])),
            class_grade=class_grade,
            immediate_danger=immediate_danger,
            good_faith=True,
            consent_escalation=consent_escalation,
            receipt_digest=receipt_digest(receipt.replace("-", "")),
        )
        record(
            actor=None, actor_kind=ActorKind.REPORTER, action=AuditAction.ALERT_SUBMITTED, obj=alert
        )
        entry = proof_events.alert_received(alert)
        notify.after_commit(
            alert=alert, what=notify.DANGER if immediate_danger else notify.NEW_ALERT
        )
    return Submitted(alert=alert, receipt=receipt, proof_entry=entry)


def post_reporter_message(*, alert: Alert, body: str) -> Message:
    with transaction.atomic():
        message = Message.objects.create(alert=alert, author=Message.Author.REPORTER, body=body)
        record(
            actor=None,
            actor_kind=ActorKind.REPORTER,
            action=AuditAction.MESSAGE_RECEIVED,
            obj=alert,
            message=message.pk,
        )
        proof_events.message_received(message)
        notify.after_commit(alert=alert, what=notify.MESSAGE)
    return message


def post_staff_message(*, alert: Alert, actor: Any, body: str) -> Message:
    with transaction.atomic():
        message = Message.objects.create(
            alert=alert, author=Message.Author.STAFF, staff_user=actor, body=body
        )
        record(actor=actor, action=AuditAction.MESSAGE_SENT, obj=alert, message=message.pk)
    return message


def move_alert(
    *,
    alert: Alert,
    to: str,
    actor: Any,
    reason: str = "",
    actor_kind: str = ActorKind.STAFF,
    event: str = "",
) -> Alert:
    """Apply one workflow transition; refuses moves the table does not allow.

    A status that records an event (workflow.EVENT_ONLY) is reached only with ``event`` naming
    that event, passed by the service that records it in the same transaction (the outbox worker
    as ActorKind.SYSTEM, the acknowledgment as ActorKind.SCHOOL); a person's move there is
    refused.
    """
    reason = reason.strip()
    if to in EVENT_ONLY and (actor is not None or event != EVENT_ONLY[to]):
        raise ValidationError(
            _("“%(target)s” is set by the event itself, never by hand.")
            % {"target": Status(to).label},
            code="event_only",
        )
    with transaction.atomic():
        # Lock the row so that two case workers cannot both move the same alert.
        locked = Alert.objects.select_for_update().get(pk=alert.pk)
        if not allowed(locked.status, to):
            raise ValidationError(
                _("An alert cannot go from “%(current)s” to “%(target)s”.")
                % {"current": Status(locked.status).label, "target": Status(to).label},
                code="transition",
            )
        if to in REASON_REQUIRED and not reason:
            raise ValidationError(
                _("Give the reason; the reporter will read it."), code="reason_required"
            )
        previous = locked.status
        locked.status = to
        locked.status_reason = reason
        locked.status_changed_at = timezone.now()
        locked.save(update_fields=["status", "status_reason", "status_changed_at", "updated_at"])
        record(
            actor=actor,
            actor_kind=actor_kind,
            action=AuditAction.ALERT_MOVED,
            obj=locked,
            source=previous,
            target=to,
            **({"event": event} if event else {}),
        )
    return locked


def set_consent(
    *, alert: Alert, escalation: bool, reveal_identity: bool, name: str = "", contact: str = ""
) -> Alert:
    """The reporter's choices. Name and contact are kept only while they choose to reveal."""
    if reveal_identity and not (name and contact):
        raise ValidationError(_("To reveal who you are, give your name and a way to reach you."))
    with transaction.atomic():
        locked = Alert.objects.select_for_update().get(pk=alert.pk)
        before = {"escalation": locked.consent_escalation, "reveal": locked.reveal_identity}
        locked.consent_escalation = escalation
        locked.reveal_identity = reveal_identity
        locked.reporter_name = name if reveal_identity else ""
        locked.reporter_contact = contact if reveal_identity else ""
        locked.save(
            update_fields=[
                "consent_escalation",
                "reveal_identity",
                "reporter_name",
                "reporter_contact",
                "updated_at",
            ]
        )
        record(
            actor=None,
            actor_kind=ActorKind.REPORTER,
            action=AuditAction.CONSENT_CHANGED,
            obj=locked,
            before=before,
            after={"escalation": escalation, "reveal": reveal_identity},
        )
        proof_events.consent_changed(locked)
    return locked


def record_staff_view(*, alert: Alert, actor: Any) -> None:
    """A page that shows the alert's content was opened: recorded once per visit."""
    with transaction.atomic():
        record_opening(actor=actor, action=AuditAction.ALERT_VIEWED, obj=alert)
