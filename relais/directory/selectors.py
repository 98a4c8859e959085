"""Reading the directory. Everything in it is public: names, phones, e-mails, what they offer."""

from __future__ import annotations

import re

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


KIND_ORDER = {kind: index for index, kind in enumerate(Service.Kind.values)}
IN_BRACKETS = re.compile(r"\(([^()]+)\)\s*$")


def areas_of(school: School) -> set[str]:
    """The names under which the directory may list the school's commune. A service's `area` is
    free text ("Mouscron"); a school's `city` is its commune, or for a Belgian school its village
    with its commune in brackets ("Dottignies (Mouscron)"); its postcode may name an area too."""
    names = {school.city.strip(), school.postcode.strip()}
    commune = IN_BRACKETS.search(school.city)
    if commune:
        names.add(commune.group(1).strip())
        names.add(IN_BRACKETS.sub("", school.city).strip())  # the village itself
    return {name for name in names if name}


def commune_of(school: School) -> str:
    """The commune's name as a person types it: "Mouscron" for "Dottignies (Mouscron)"."""
    commune = IN_BRACKETS.search(school.city)
    return commune.group(1).strip() if commune else school.city.strip()


def local_services(school: School) -> list[Service]:
    """The directory's services acting where the school is (matched without case, within its
    jurisdiction): PMS centres first, then mediation, then the others, in the order of the
    directory's kinds."""
    areas = areas_of(school)
    if not areas:
        return []
    where = Q()
    for area in areas:
        where |= Q(area__iexact=area)
    found = Service.objects.filter(where, jurisdiction=school.jurisdiction)
    return sorted(found, key=lambda s: (KIND_ORDER.get(s.kind, len(KIND_ORDER)), s.name))
