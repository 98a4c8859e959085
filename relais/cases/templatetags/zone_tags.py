"""`{{ zone|zone_words }}`: a time zone in words for the sentence that names it on a page
("Les heures sont données à l'heure de Bruxelles."), never its identifier."""

from __future__ import annotations

from typing import Any

from django import template

from relais.lib import zones

register = template.Library()


@register.filter
def zone_words(zone: Any) -> str:
    return zones.zone_words(zone)
