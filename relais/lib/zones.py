"""A time zone named in words, as a reader says it: "heure de Bruxelles", "Brusselse tijd",
"Brussels time"; never its identifier ("Europe/Brussels"), which reads as jargon on a page.

The notices name the zone in the pack's French words (relais/notices/texts.py `zone_words`);
pages, in the reader's language, through gettext.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# The packs' zones, by the words their notices use ("heure de Bruxelles").
ZONE_WORDS = {
    "Europe/Brussels": gettext_noop("Brussels time"),
    "Europe/Paris": gettext_noop("Paris time"),
}


def zone_words(zone: Any) -> str:
    """The zone (its identifier, or a tzinfo) in words in the active language; a zone no pack
    uses by its city ("America/New_York": "New York time")."""
    key = str(getattr(zone, "key", zone))
    if key in ZONE_WORDS:
        return _(ZONE_WORDS[key])
    city = key.rsplit("/", 1)[-1].replace("_", " ")
    return _("%(city)s time") % {"city": city}
