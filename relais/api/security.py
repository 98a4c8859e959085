"""Who may call what: the mailbox bearer token and the per-client rate limits."""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from relais.alerts.models import Alert
from relais.api.schemas import EmergencyOut
from relais.lib.ratelimit import Verdict, take
from relais.mailbox.services import alert_for_token


class MailboxToken(HttpBearer):
    """``Authorization: Bearer <token>`` from POST /mailbox/session; gives the one alert."""

    def authenticate(self, request: HttpRequest, token: str) -> Alert | None:
        return alert_for_token(token)


class ClientRate(BaseThrottle):
    """A relais.lib.ratelimit sliding window per client key, counting every request. The rate is
    read from settings on each request, so that an operator's (or a test's) setting applies at
    once. ninja asks ``wait()`` right after a refusal, in the same thread, for Retry-After and
    for the message that says how long."""

    def __init__(self, scope: str, setting: str) -> None:
        self.scope = scope
        self.setting = setting
        self._last = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        key: Any = getattr(request, "client_key", "")
        verdict = take(self.scope, str(key), getattr(settings, self.setting))
        self._last.verdict = verdict
        return verdict.allowed

    def wait(self) -> float | None:
        verdict: Verdict | None = getattr(self._last, "verdict", None)
        return verdict.wait_seconds if verdict and not verdict.allowed else None


class LimitedOut(Schema):
    """429: the error shape, and the numbers to call when the refused alert said danger."""

    detail: str
    errors: dict[str, list[str]]
    emergency: list[EmergencyOut] | None = Field(
        None, description="Present when the refused alert said immediate_danger: call now."
    )


mailbox_token = MailboxToken()
receipt_rate = ClientRate("receipt", "RECEIPT_LOGIN_RATE")
