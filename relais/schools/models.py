from __future__ import annotations

import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _

from relais.lib.models import BaseModel


class Jurisdiction(models.TextChoices):
    FR = "fr", _("France")
    BE_FWB = "be-fwb", _("Wallonia-Brussels Federation")


def fold(text: str) -> str:
    """Lower case without accents, for search: "Léon" and "leon" match."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


class School(BaseModel):
    name = models.CharField(_("name"), max_length=300)
    city = models.CharField(_("city"), max_length=150, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    code = models.CharField(
        _("official code"), max_length=20, help_text=_("UAI in France, FASE number in Belgium.")
    )
    jurisdiction = models.CharField(_("jurisdiction"), max_length=8, choices=Jurisdiction.choices)
    kind = models.CharField(_("kind of school"), max_length=200, blank=True)
    direction_email = models.EmailField(_("direction's e-mail"), blank=True)
    authority = models.CharField(
        _("académie or organising authority"),
        max_length=300,
        blank=True,
        help_text=_("Académie in France, pouvoir organisateur in Wallonia-Brussels."),
    )
    authority_email = models.EmailField(_("authority's e-mail"), blank=True)
    is_open = models.BooleanField(_("open"), default=True)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "code"], name="school_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.city})" if self.city else self.name

    def refresh_search_text(self) -> None:
        self.search_text = fold(" ".join([self.name, self.city, self.postcode, self.code]))
