from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from relais.jurisdictions.packs import jurisdiction_choices
from relais.lib.models import BaseModel
from relais.schools.names import fold, search_text

__all__ = ["School", "fold"]


class School(BaseModel):
    name = models.CharField(_("name"), max_length=300)
    city = models.CharField(_("city"), max_length=150, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    code = models.CharField(
        _("official code"), max_length=20, help_text=_("UAI in France, FASE number in Belgium.")
    )
    # The packs' codes (relais/jurisdictions/packs): a new pack is a new choice, no migration.
    jurisdiction = models.CharField(_("jurisdiction"), max_length=8, choices=jurisdiction_choices)
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
        """The column the search reads (relais.schools.names): call it after any change of the
        name, town, postcode or code that does not go through save(), e.g. bulk_create."""
        self.search_text = search_text(
            name=self.name,
            city=self.city,
            postcode=self.postcode,
            code=self.code,
            jurisdiction=self.jurisdiction,
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)
