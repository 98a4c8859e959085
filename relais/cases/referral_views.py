"""The school's side of referrals, under /school/: the directory search, referring a case to a
service, sending the service its link again, withdrawing a referral. The case page lists the
referrals (cases/_referrals.html).

Every view checks the objects: the case through relais.cases.access (another school's case is a
404), the service within the school's jurisdiction, the referral within the case. Every POST ends
in a 303 to the case; bad input shows the form again with the message, status 400.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from relais.cases import referral_resend, referrals
from relais.cases.access import get_case_for, is_school_side, school_member_required
from relais.cases.case_views import SECTION
from relais.cases.models import Case, CaseState, Referral, ReferralState
from relais.cases.referral_forms import DirectorySearchForm, ReferForm, RevokeForm
from relais.cases.services import CaseError
from relais.cases.steps import earliest_day
from relais.directory.models import Service
from relais.directory.selectors import (
    SEARCH_LIMIT,
    commune_of,
    local_services,
    search,
    services_for,
)
from relais.jurisdictions.packs import get_pack


def _school_case(request: HttpRequest, case_id: Any) -> Case:
    """The case, for a member of its own school only; 404 for anyone else."""
    case = get_case_for(request.user, case_id)
    if not is_school_side(request.user, case):
        raise Http404
    return case


def _to_case(case: Case) -> HttpResponse:
    return HttpResponseRedirect(reverse("cases:case", args=[case.pk]) + "#referrals", status=303)


# What a POST did is said inside the referrals' part, where the redirect's anchor lands.
HERE = f"{SECTION}referrals"


def _case_from_query(request: HttpRequest) -> Case | None:
    """The open case the search picks a service for (?case=), if it is this school's."""
    raw = request.GET.get("case", "")
    if not raw:
        return None
    try:
        case_id = uuid.UUID(raw)
    except ValueError:
        raise Http404 from None
    case = _school_case(request, case_id)
    return case if case.state == CaseState.OPEN else None


@require_GET
@school_member_required
def directory_view(request: HttpRequest) -> HttpResponse:
    """The directory for the school's staff: by commune, postcode or name, and by kind; with
    ?case=, each service offers "refer the case to this service". Before any search it lists the
    services of the school's commune (those the parents' leaflet names), then those acting
    everywhere in the jurisdiction: "no service matches" is said only after a search."""
    school: Any = request.user.school  # type: ignore[union-attr]
    case = _case_from_query(request)
    searched = "q" in request.GET or "kind" in request.GET
    services: list[Service] = []
    more = False
    if searched:
        form = DirectorySearchForm(request.GET)
        if form.is_valid():
            found = list(
                search(
                    school.jurisdiction,
                    q=form.cleaned_data["q"],
                    kind=form.cleaned_data["kind"],
                )[: SEARCH_LIMIT + 1]
            )
            services, more = found[:SEARCH_LIMIT], len(found) > SEARCH_LIMIT
    else:
        form = DirectorySearchForm(initial={"q": commune_of(school)})
        local = local_services(school)
        everywhere = services_for(school.jurisdiction).filter(area="") if local else []
        services = [*local, *everywhere][:SEARCH_LIMIT]
    context = {
        "form": form,
        "services": services,
        "more": more,
        "case": case,
        "school": school,
        "searched": searched,
        "commune": commune_of(school),
    }
    return render(request, "cases/directory.html", context)


def _service_for(case: Case, service_id: Any) -> Service:
    # A service of another jurisdiction is not offered: it does not exist for this school.
    return get_object_or_404(Service, pk=service_id, jurisdiction=case.school.jurisdiction)


@require_http_methods(["GET", "POST"])
@school_member_required
def refer_view(request: HttpRequest, case_id: Any, service_id: Any) -> HttpResponse:
    case = _school_case(request, case_id)
    service = _service_for(case, service_id)
    pack = get_pack(case.school.jurisdiction)
    context: dict[str, Any] = {"case": case, "service": service}
    ages: dict[str, Any] = {
        "consent_age": pack.consent_age,
        "country": pack.name(),
        "earliest": earliest_day(case),
    }
    if case.state != CaseState.OPEN:
        messages.error(
            request, _("The case is closed: it can no longer be referred."), extra_tags=HERE
        )
        return _to_case(case)
    if request.method == "GET":
        return render(request, "cases/refer.html", {**context, "form": ReferForm(**ages)})
    form = ReferForm(request.POST, **ages)
    if form.is_valid():
        try:
            referrals.refer(
                case=case,
                service=service,
                consent_by=form.cleaned_data["consent_by"],
                consent_at=form.cleaned_data["consent_at"],
                pupil_age=form.cleaned_data["pupil_age"],
                request=form.cleaned_data["request"],
                by=request.user,
            )
        except CaseError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request,
                _("The case is referred to %(service)s: an e-mail with its link is on its way.")
                % {"service": service.name},
                extra_tags=HERE,
            )
            return _to_case(case)
    return render(request, "cases/refer.html", {**context, "form": form}, status=400)


@require_http_methods(["GET", "POST"])
@school_member_required
def revoke_view(request: HttpRequest, case_id: Any, referral_id: Any) -> HttpResponse:
    case = _school_case(request, case_id)
    referral = get_object_or_404(
        Referral.objects.select_related("service"), pk=referral_id, case=case
    )
    if referral.state not in (ReferralState.SENT, ReferralState.ACCEPTED):
        messages.error(
            request, _("This referral is closed: it can no longer be withdrawn."), extra_tags=HERE
        )
        return _to_case(case)
    context = {"case": case, "referral": referral}
    if request.method == "GET":
        return render(request, "cases/referral_revoke.html", {**context, "form": RevokeForm()})
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            referrals.revoke(referral=referral, reason=form.cleaned_data["reason"], by=request.user)
        except CaseError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request,
                _("The referral to %(service)s is withdrawn: its link no longer opens it.")
                % {"service": referral.service.name},
                extra_tags=HERE,
            )
            return _to_case(case)
    return render(request, "cases/referral_revoke.html", {**context, "form": form}, status=400)


@require_POST
@school_member_required
def resend_view(request: HttpRequest, case_id: Any, referral_id: Any) -> HttpResponse:
    """The "Send the link again" button on the case's referral (no page of its own, no script);
    what happened is said in the referrals' part of the case page."""
    case = _school_case(request, case_id)
    referral = get_object_or_404(
        Referral.objects.select_related("service"), pk=referral_id, case=case
    )
    try:
        referral_resend.resend_link(referral=referral, by=request.user)
    except CaseError as error:
        messages.error(request, str(error.message), extra_tags=HERE)
    else:
        messages.success(
            request,
            _(
                "A new link to the request is on its way to %(service)s (%(email)s). The "
                "earlier links no longer open it."
            )
            % {"service": referral.service.name, "email": referral.service.email},
            extra_tags=HERE,
        )
    return _to_case(case)
