"""Reading the directory. Everything in it is public: names, phones, e-mails, what they offer."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from relais.directory.models import Service
from relais.schools.models import School


def services_for(jurisdiction: str, area: str | None = None) -> QuerySet[Service]:
    """The services of a jurisdiction; with an area, those acting there and those acting
    everywhere in the jurisdiction (blank area)."""
    services = Service.objects.filter(jurisdiction=jurisdiction)
    if area:
        services = services.filter(Q(area__iexact=area.strip()) | Q(area=""))
    return services.order_by("area", "kind", "name")


# At most this many services on a page of results: a search that finds more asks for more words.
SEARCH_LIMIT = 50


def search(jurisdiction: str, *, q: str = "", kind: str = "") -> QuerySet[Service]:
    """The directory as a school searches it, within its own jurisdiction: by where a service
    acts (the commune), by postcode (the communes of the schools with that postcode: services
    have no postcode of their own) or by name; and by kind. Services that act everywhere in the
    jurisdiction (no area) come with any commune's."""
    services = Service.objects.filter(jurisdiction=jurisdiction)
    words = " ".join(q.split())
    if words:
        communes = list(
            School.objects.filter(jurisdiction=jurisdiction, postcode=words)
            .values_list("city", flat=True)
            .distinct()[:20]
        )
        where = Q(area__icontains=words) | Q(name__icontains=words)
        for commune in communes:
            where |= Q(area__iexact=commune)
        acting_there = Service.objects.filter(jurisdiction=jurisdiction, area__icontains=words)
        if communes or acting_there.exists():
            where |= Q(area="")
        services = services.filter(where)
    if kind:
        services = services.filter(kind=kind)
    return services.order_by("area", "kind", "name")
