"""The parents' leaflet handed from a case (seed 002: "remettre aux parents le document
d'information"): GET /school/cases/<uuid>/leaflet.pdf, for the members of the case's school.

It is the pack's own letter (packs/<code>/letters/parents_leaflet.html, in French like every
letter: the schools' language), filled with the numbers of the LOCAL relays: the services of the
directory that act in the school's commune (relais.directory.selectors.local_services, which the
directory's first page shows too). Where the directory knows no service there, the leaflet keeps
the pack's numbers only (which it always shows: 112, 103...).

It is written for parents and fits two pages: no article of law, no penalty, no "to verify" note
(the staff-facing letters keep those), one plain sentence that the law punishes harassment.
The leaflet names no pupil and holds nothing of the case but the school's name, the case's
number and which steps of its protocol the school recorded: it is rendered at each request, not
stored; each printing is audited.

It says only what is true (QA finding 7). What the school does is read from the case's steps
(`steps`, by key): a step recorded is said done "fait le 3 décembre 2026", the day the school
recorded it where it is; a step that applies but is not recorded yet is what the school will do
("L'école informera…"), and only while the case is open; a step the case does not have (another
protocol, a condition unmet) is not spoken of. The procedure's general commitments stay, worded
as commitments. The numbers come in the order and with the language notes of every emergency
box on the site (Pack.for_reader: "102 — Awel… (en néerlandais)"), and the footer's time is
written as the French pages write it ("12 h 10": accounts.invitation_mail.when_in).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from relais.accounts.invitation_mail import day_in, when_in
from relais.audit.models import ActorKind, AuditAction
from relais.audit.services import record
from relais.cases.access import case_member_required, get_case_for, is_school_side
from relais.cases.checklist import checklist
from relais.cases.models import Case, CaseState
from relais.directory.selectors import local_services
from relais.documents.models import LetterKind
from relais.documents.pdf import render_pdf
from relais.documents.services import LANGUAGE, letter, zone_for
from relais.jurisdictions.packs import get_pack


@dataclass(frozen=True)
class StepState:
    """A step of the case as the leaflet may speak of it: done (on that day, in French words:
    "3 décembre 2026") or still to do."""

    done: bool
    on: str = ""


def step_states(case: Case) -> dict[str, StepState]:
    """The case's steps the leaflet may speak of, by key: every step recorded, and, while the
    case is open, every step that applies and is not recorded yet (the checklist's steps)."""
    now = timezone.now()
    is_open = case.state == CaseState.OPEN
    states = {}
    for view in checklist(case, now=now):
        done_at = view.row.done_at
        if done_at is not None:
            states[view.row.key] = StepState(True, day_in(case.school, done_at, LANGUAGE))
        elif is_open:
            states[view.row.key] = StepState(False)
    return states


def render_leaflet(case: Case) -> bytes:
    school = case.school
    pack = get_pack(school.jurisdiction)
    zone, _zone_words = zone_for(school.jurisdiction)
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
            "emergency": pack.for_reader(),
            "steps": step_states(case),
            "case_open": case.state == CaseState.OPEN,
            "o": {},
            "today": timezone.localdate(),
            "handed_when": when_in(school, timezone.now(), LANGUAGE),
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
