"""A referral's sentences read grammatically in French and Dutch whatever the service's name
("CPMS de Mouscron", "La Passerelle", "Centre PMS libre 1"): the service is named after "au
service", between guillemets, never after a bare "à" that would need "au" or "à la"."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext

SENT = "Referral sent to %(service)s on %(when)s"


def test_the_checklist_s_relay_line_names_the_service_after_its_article():
    values = {"service": "CPMS de Mouscron", "when": "12 mars 2026"}
    with translation.override("fr"):
        assert gettext(SENT) % values == (
            "Demande envoyée le 12 mars 2026 au service «\u00a0CPMS de Mouscron\u00a0»"
        )
    with translation.override("nl"):
        assert gettext(SENT) % values == (
            "Doorverwijzing op 12 mars 2026 verstuurd naar de dienst „CPMS de Mouscron”"
        )
    with translation.override("en"):
        assert gettext(SENT) % values == "Referral sent to CPMS de Mouscron on 12 mars 2026"
