from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Re-exported: the category list lives in categories.py, its one place.
from relais.alerts.categories import Category as Category
from relais.alerts.workflow import Status
from relais.lib.models import BaseModel

MAX_DESCRIPTION = 20_000
MAX_MESSAGE = 10_000


class ReporterRole(models.TextChoices):
    VICTIM = "victim", _("I am the one being bullied")
    PARENT = "parent", _("I am a parent or relative")
    WITNESS = "witness", _("I saw or heard it")
    STAFF = "staff", _("I work at the school")
    OTHER = "other", _("other")


class Platform(models.TextChoices):
    WHATSAPP = "whatsapp", "WhatsApp"
    INSTAGRAM = "instagram", "Instagram"
    SNAPCHAT = "snapchat", "Snapchat"
    TIKTOK = "tiktok", "TikTok"
    FACEBOOK = "facebook", "Facebook"
    YOUTUBE = "youtube", "YouTube"
    DISCORD = "discord", "Discord"
    TELEGRAM = "telegram", "Telegram"
    X = "x", "X (Twitter)"
    ROBLOX = "roblox", "Roblox"
    SMS = "sms", _("text messages (SMS)")
    OTHER = "other", _("another platform")


class Alert(BaseModel):
    """An anonymous alert about a school. Holds no address, no device data, no account."""

    school = models.ForeignKey(
        "schools.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="alerts"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alerts",
    )
    reporter_role = models.CharField(_("reporter"), max_length=16, choices=ReporterRole.choices)
    categories = models.JSONField(_("categories"), default=list)
    description = models.TextField(_("what happened"), max_length=MAX_DESCRIPTION)
    started_on = models.DateField(_("since when"), null=True, blank=True)
    platforms = models.JSONField(_("platforms"), default=list, blank=True)
    class_grade = models.CharField(_("class or grade"), max_length=40, blank=True)
    immediate_danger = models.BooleanField(_("someone is in danger now"), default=False)
    good_faith = models.BooleanField(_("good-faith statement"), default=False)
    consent_escalation = models.BooleanField(_("consents to escalation"), default=False)
    reveal_identity = models.BooleanField(_("agrees to reveal identity"), default=False)
    reporter_name = models.CharField(_("reporter's name"), max_length=200, blank=True)
    reporter_contact = models.CharField(_("reporter's contact"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    status_reason = models.TextField(_("reason"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), auto_now_add=True)
    receipt_digest = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        indexes = [
            # The inbox: newest first, filtered by organisation, walked with a keyset cursor.
            models.Index(fields=["organisation", "-created_at", "-id"], name="alert_inbox"),
            models.Index(fields=["organisation", "status", "-created_at"], name="alert_status"),
        ]

    def __str__(self) -> str:
        return str(_("Alert %(reference)s") % {"reference": self.reference})

    @property
    def reference(self) -> str:
        """A short reference staff can say on the phone; not secret, not the receipt."""
        return str(self.id)[:8].upper()


class Message(models.Model):
    class Author(models.TextChoices):
        REPORTER = "reporter", _("reporter")
        STAFF = "staff", _("staff")

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(_("author"), max_length=16, choices=Author.choices)
    staff_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("message"), max_length=MAX_MESSAGE)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"{self.author} {self.sent_at:%Y-%m-%d %H:%M}"
