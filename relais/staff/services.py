"""Writes of the staff side: opening an alert (unread marker, audit), second-factor enrolment."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from relais.accounts.models import User
from relais.alerts.models import Alert
from relais.audit.models import AuditAction, AuditEvent
from relais.audit.services import VISIT, object_type, record, record_opening, unsaved
from relais.cases.models import Case
from relais.staff.activity import last_reporter_activity
from relais.staff.models import AlertRead


def open_alert(*, alert: Alert, user: Any, now: datetime | None = None) -> bool:
    """The case worker opens the alert: it is read for them from now on. Returns True when the
    opening was recorded in the audit log.

    Recorded once per visit (audit.services.VISIT: reloads, and the page shown again after each
    reply or move, add none), and always when the alert holds something this person had not seen
    since their last opening: the log then shows who read the reporter's new message.
    """
    now = now or timezone.now()
    last = (
        Alert.objects.filter(pk=alert.pk)
        .annotate(last=last_reporter_activity())
        .values_list("last", flat=True)
        .get()
    )
    with transaction.atomic():
        read, created = AlertRead.objects.select_for_update().get_or_create(
            user=user, alert=alert, defaults={"read_at": now, "viewed_at": now}
        )
        news = not created and read.read_at < last
        recorded = record_opening(actor=user, obj=alert, action=AuditAction.ALERT_VIEWED, news=news)
        if recorded is not None:
            read.viewed_at = now
        read.read_at = max(now, read.read_at)
        if not created:
            read.save(update_fields=["read_at", "viewed_at"])
    return recorded is not None


def open_cases(*, cases: list[Case], user: Any) -> None:
    """The case worker reads the school's cases on the alert page: each is recorded in the audit
    log as viewed, once per visit (audit.services.VISIT, as an alert's opening), so that the
    case's trail shows who outside the school followed it. Two queries for any number of cases."""
    if not cases:
        return
    ids = [str(case.pk) for case in cases]
    seen = set(
        AuditEvent.objects.filter(
            action=AuditAction.CASE_VIEWED,
            actor=user,
            object_type=object_type(cases[0]),
            object_id__in=ids,
            at__gte=timezone.now() - VISIT,
        ).values_list("object_id", flat=True)
    )
    rows = [
        unsaved(actor=user, action=AuditAction.CASE_VIEWED, obj=case)
        for case in cases
        if str(case.pk) not in seen
    ]
    if rows:
        AuditEvent.objects.bulk_create(rows)


def start_enrolment(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator, created once so that reloading the page keeps the
    same secret (the one already scanned)."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
            record(actor=user, action=AuditAction.OTP_ENROLMENT_STARTED, obj=user)
    return device


def confirm_enrolment(*, device: TOTPDevice, token: str) -> bool:
    """Confirm the device when `token` is its current code; False (nothing confirmed) otherwise.

    Wrong codes are throttled by django-otp on the device itself.
    """
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if locked.confirmed or not locked.verify_token(token):
            return False
        locked.confirmed = True
        locked.save(update_fields=["confirmed"])
        record(actor=locked.user, action=AuditAction.OTP_ENROLLED, obj=locked.user)
    device.refresh_from_db()
    return True
