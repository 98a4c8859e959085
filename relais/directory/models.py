from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from relais.jurisdictions.packs import jurisdiction_choices
from relais.lib.models import BaseModel


class Service(BaseModel):
    class Kind(models.TextChoices):
        PMS = "pms", _("PMS centre")
        MEDIATION = "mediation", _("school mediation")
        PSYCHOLOGICAL = "psychological", _("psychological support")
        YOUTH = "youth", _("youth aid service")
        POLICE = "police", _("police school referent")
        EQUALITY = "equality", _("equal opportunities")
        HELPLINE = "helpline", _("helpline")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    offers = models.TextField(_("what it offers"), blank=True)
    area = models.CharField(_("where it acts"), max_length=200, blank=True)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=8, choices=jurisdiction_choices)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["area", "name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="service_unique_per_area")
        ]

    def __str__(self) -> str:
        return self.name
