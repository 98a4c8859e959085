from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from relais.lib.models import BaseModel


class Organisation(BaseModel):
    """An operating association (a J'alerte-like service, a support centre).

    Its case workers see the alerts about schools in the jurisdictions it covers, and nothing else.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    jurisdictions = models.JSONField(
        _("jurisdictions covered"), default=list, help_text=_("Codes such as fr, be-fwb.")
    )
    # How a school answers a notice: the e-mail is its Reply-To, the rest its signature.
    email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("Schools answer notices here; required to send a notice."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("postal address"), max_length=500, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    NONE = "", _("no role")
    CASE_WORKER = "case_worker", _("case worker")
    ADMINISTRATOR = "administrator", _("administrator")
    # A school's members (issue 12): they see their own school's cases and nothing else.
    DIRECTION = "direction", _("school direction")
    EDUCATOR = "educator", _("educator")
    # A service of the directory (PMS centre, mediation, police referent): the cases referred
    # to it, and nothing else.
    RELAY = "relay", _("relay service")


SCHOOL_ROLES = frozenset({Role.DIRECTION, Role.EDUCATOR})


class User(AbstractUser):
    """A staff member. Reporters never have an account."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    # Set for a school's members (Role.DIRECTION, Role.EDUCATOR) only.
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    # Set for a relay's members (Role.RELAY) only.
    service = models.ForeignKey(
        "directory.Service",
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")

    @property
    def handles_alerts(self) -> bool:
        return (
            self.is_active
            and self.organisation_id is not None
            and self.role in {Role.CASE_WORKER, Role.ADMINISTRATOR}
        )

    @property
    def in_school(self) -> bool:
        """A member of a school's team: sees that school's cases (relais.cases.access)."""
        return self.is_active and self.school_id is not None and self.role in SCHOOL_ROLES

    @property
    def in_relay(self) -> bool:
        """A member of a relay service: sees the cases referred to it."""
        return self.is_active and self.service_id is not None and self.role == Role.RELAY


INVITATION_DAYS = 7


class Invitation(BaseModel):
    """An invitation to join a school's team, e-mailed only to the school's official address
    (School.direction_email). Its link is minted when the e-mail leaves (relais.accounts.
    invitations): only the SHA-256 of its token is ever stored, and it creates one account."""

    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    # The e-mail that carries the link; its stored body holds a stand-in, never the link.
    message = models.OneToOneField(
        "notices.OutboxMessage",
        verbose_name=_("e-mail"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation",
    )
    # NULL until the e-mail's first attempt mints the link: unique among those minted only.
    token_digest = models.CharField(  # noqa: DJ001
        max_length=64, unique=True, null=True, editable=False
    )
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    # Set when the school's direction or an administrator withdraws a pending invitation: its
    # link then answers 410 like a spent one (relais.accounts.invitations.withdraw_invitation).
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # The member who invited a colleague; none for the first account, asked from a notice's
    # acknowledgment.
    invited_by = models.ForeignKey(
        User,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    account = models.ForeignKey(
        User,
        verbose_name=_("account created"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.school} {self.get_role_display()} {self.expires_at:%Y-%m-%d}"


class Authenticator(TOTPDevice):
    """A member's TOTP authenticator, as the admin lists it: django-otp names its model in
    English only ("TOTP device"), this proxy gives it a name in the reader's language."""

    class Meta:
        proxy = True
        verbose_name = _("authenticator")
        verbose_name_plural = _("authenticators")

    def __str__(self) -> str:
        # django-otp's "name (member)" showed the name Relais gives every device, in English.
        return capfirst(_("authenticator app (%(member)s)") % {"member": self.user})
