"""Writes of the staff side that are not about alerts: second-factor enrolment."""

from __future__ import annotations

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from relais.accounts.models import User
from relais.audit.services import record


def start_enrolment(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator, created once so that reloading the page keeps the
    same secret (the one already scanned)."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
            record(actor=user, action="otp.enrolment_started", obj=user)
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
        record(actor=locked.user, action="otp.enrolled", obj=locked.user)
    device.refresh_from_db()
    return True
