"""The parents' leaflet handed from a case (seed 002: "remettre aux parents le document
d'information"): GET /school/cases/<uuid>/leaflet.pdf, for the members of the case's school.

It is the pack's own letter (packs/<code>/letters/parents_leaflet.html, in French like every
letter: the schools' language), filled with the numbers of the LOCAL relays: the services of the
directory that act in the school's commune (relais.directory.selectors.local_services, which the
directory's first page shows too). Where the directory knows no service there, the leaflet keeps
the pack's numbers only (which it always shows: 112, 103...).

It is written for parents and fits two pages: no article of law, no penalty, no "to verify" note
(the staff-facing letters keep those), one plain sentence that the law punishes harassment.
The leaflet names no pupil and holds nothing of the case but the school's name and the case's
number: it is rendered at each request, not stored; each printing is audited.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from relais.audit.models import ActorKind, AuditAction
from relais.audit.services import record
from relais.cases.access import case_member_required, get_case_for, is_school_side
from relais.cases.models import Case
from relais.directory.selectors import local_services
from relais.documents.models import LetterKind
from relais.documents.pdf import render_pdf
from relais.documents.services import LANGUAGE, letter, zone_for
from relais.jurisdictions.packs import get_pack


def render_leaflet(case: Case) -> bytes:
    school = case.school
    pack = get_pack(school.jurisdiction)
    zone, zone_words = zone_for(school.jurisdiction)
    with translation.override(LANGUAGE), timezone.override(ZoneInfo(zone)):
        relays = [
            {
                "name": service.name,
                "kind": str(service.get_kind_display()),
                "phone": service.phone,
                "email": service.email,
            }
            for service in local_services(school)
        ]
        context: dict[str, Any] = {
            "case": case,
            "school": school,
            "relays": relays,
            "emergency": [{"number": n.number, "name": n.name()} for n in pack.emergency],
            "o": {},
            "today": timezone.localdate(),
            "now": timezone.localtime(),
            "zone_words": zone_words,
        }
        html = letter(school.jurisdiction, LetterKind.PARENTS_LEAFLET).render(context)
    return render_pdf(html)


def print_leaflet(*, case: Case, by: Any) -> bytes:
    """The leaflet's PDF, its printing audited (CASE_LEAFLET_GENERATED) as it is handed out."""
    pdf = render_leaflet(case)
    with transaction.atomic():
        record(
            actor=by,
            actor_kind=ActorKind.SCHOOL,
            action=AuditAction.CASE_LEAFLET_GENERATED,
            obj=case,
        )
    return pdf


@never_cache
@require_GET
@case_member_required
def leaflet_view(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = get_case_for(request.user, case_id)
    if not is_school_side(request.user, case):
        raise Http404  # the school's to hand out; a relay or the association has no leaflet
    pdf = print_leaflet(case=case, by=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="information-parents.pdf"'
    return response
