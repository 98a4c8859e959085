"""Reading the directory. Everything in it is public: names, phones, e-mails, what they offer."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from relais.directory.models import Service


def services_for(jurisdiction: str, area: str | None = None) -> QuerySet[Service]:
    """The services of a jurisdiction; with an area, those acting there and those acting
    everywhere in the jurisdiction (blank area)."""
    services = Service.objects.filter(jurisdiction=jurisdiction)
    if area:
        services = services.filter(Q(area__iexact=area.strip()) | Q(area=""))
    return services.order_by("area", "kind", "name")
