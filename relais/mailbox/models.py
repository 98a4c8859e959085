from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MailboxSession(models.Model):
    """One open mailbox. The token itself is never stored, only its SHA-256.

    The same session serves the HTML mailbox (in a cookie without expiry, so the browser forgets
    it when closed) and the API (as a bearer token).
    """

    token_digest = models.CharField(max_length=64, unique=True)
    alert = models.ForeignKey("alerts.Alert", on_delete=models.CASCADE, related_name="+")
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("mailbox session")
        verbose_name_plural = _("mailbox sessions")

    def __str__(self) -> str:
        return f"mailbox session until {self.expires_at:%H:%M}"
