"""The two steps of a staff sign-in.

After the password, the session only holds a *pending* user id with a time limit; the account is
not signed in (request.user stays anonymous) until the TOTP code is checked. So no view, however
careless, can mistake a password-only session for a staff session.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth import login as auth_login
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from relais.accounts.models import User

PENDING = "staff_pending"
PENDING_SECONDS = 5 * 60
BACKEND = "django.contrib.auth.backends.ModelBackend"


# Each kind of account's own side: a school's member works on the school's cases, a relay's on
# the referrals to its service, a case worker or an administrator on the alerts.
HOMES = (("in_school", "cases:home"), ("in_relay", "relay:home"))


def home_for(user: Any) -> str:
    """Where an account lands after signing in, and where a staff page sends an account that
    belongs elsewhere: /school/, /relay/ or the alerts' inbox (/staff/)."""
    for flag, name in HOMES:
        if getattr(user, flag, False):
            return reverse(name)
    return reverse("staff:inbox")


def start_pending(request: HttpRequest, user: User, next_url: str) -> None:
    # A new session key at the privilege change, against session fixation.
    request.session.cycle_key()
    request.session[PENDING] = {"user": user.pk, "at": int(time.time()), "next": next_url}


def pending_user(request: HttpRequest) -> User | None:
    """The account that passed the password step and still owes its code, if any."""
    current: Any = request.user
    if current.is_authenticated and not current.is_verified():
        return current
    data = request.session.get(PENDING)
    if not isinstance(data, dict) or time.time() - data.get("at", 0) > PENDING_SECONDS:
        return None
    user_id = data.get("user")
    if not isinstance(user_id, int):
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def safe_next(request: HttpRequest, candidate: str, default: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def complete_login(request: HttpRequest, user: User, device: TOTPDevice, default: str) -> str:
    """Sign the user in as verified by `device`; return where to go next."""
    data = request.session.get(PENDING) or {}
    next_url = data.get("next", "") if isinstance(data, dict) else ""
    auth_login(request, user, backend=BACKEND)
    otp_login(request, device)
    request.session.pop(PENDING, None)
    return safe_next(request, next_url, default)
