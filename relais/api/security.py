"""Who may call what: the mailbox bearer token and the per-client rate limits."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from relais.alerts.models import Alert
from relais.lib.ratelimit import hit
from relais.mailbox.services import alert_for_token


class MailboxToken(HttpBearer):
    """``Authorization: Bearer <token>`` from POST /mailbox/session; gives the one alert."""

    def authenticate(self, request: HttpRequest, token: str) -> Alert | None:
        return alert_for_token(token)


class ClientRate(BaseThrottle):
    """A relais.lib.ratelimit window per client key. The rate is read from settings on each
    request, so that an operator's (or a test's) setting applies at once."""

    def __init__(self, scope: str, setting: str) -> None:
        self.scope = scope
        self.setting = setting

    def allow_request(self, request: HttpRequest) -> bool:
        key: Any = getattr(request, "client_key", "")
        return hit(self.scope, str(key), getattr(settings, self.setting))


mailbox_token = MailboxToken()
alert_rate = ClientRate("alert", "ALERT_RATE")
receipt_rate = ClientRate("receipt", "RECEIPT_LOGIN_RATE")
