"""What each case worker has seen: the inbox's unread marker, kept per person."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertRead(models.Model):
    """When this case worker last opened this alert.

    Per person, as a mail client does: a colleague opening an alert does not tell me that I have
    seen the reporter's new message. The alert is unread for me while the reporter's latest
    activity (the alert itself, a message, a file) is newer than ``read_at``; nothing is written
    when the reporter acts, so the reporter's side never touches this table.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    alert = models.ForeignKey(
        "alerts.Alert", verbose_name=_("alert"), on_delete=models.CASCADE, related_name="reads"
    )
    read_at = models.DateTimeField(_("last opened at"))
    # When the audit log last recorded this person opening the alert (see services.open_alert).
    viewed_at = models.DateTimeField(_("last recorded opening"))

    class Meta:
        verbose_name = _("alert read")
        verbose_name_plural = _("alerts read")
        constraints = [
            models.UniqueConstraint(fields=["user", "alert"], name="staff_alert_read_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.alert_id} {self.read_at:%Y-%m-%d %H:%M}"
