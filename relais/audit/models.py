from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from relais.audit.actions import ActorKind, AuditAction

__all__ = ["ActorKind", "AuditAction", "AuditEvent"]


class AuditEvent(models.Model):
    """Append-only. Written in the same transaction as the change it records."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Choices give each stored code its words (get_actor_kind_display, get_action_display); a
    # code no longer listed still reads, as stored.
    actor_kind = models.CharField(
        _("actor kind"), max_length=16, choices=ActorKind.choices, default=ActorKind.STAFF
    )
    action = models.CharField(_("action"), max_length=64, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64, db_index=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        # In words, as the admin's titles show it ("staff notice.queued" read as code).
        return f"{localtime(self.at):%Y-%m-%d %H:%M} · {self.get_action_display()}"
