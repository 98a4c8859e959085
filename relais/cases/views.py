"""The school's home (its cases, its notices without a case) and opening a case, under /school/.

A school member sees their own school's only: the school is the member's, never a parameter.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from relais.cases import listing
from relais.cases.access import school_member_required
from relais.cases.forms import OpenCaseForm
from relais.cases.models import Case, Origin
from relais.cases.services import CaseError, open_case, open_from_notice
from relais.protocols.loader import default_protocol, protocols_for


def _school(request: HttpRequest) -> Any:
    """The signed-in member's school (school_member_required checked there is one)."""
    user: Any = request.user
    return user.school


def to_case(case: Case, anchor: str = "") -> HttpResponse:
    """Every POST ends here: 303, so that a reload never posts twice."""
    url = reverse("cases:case", args=[case.pk]) + (f"#{anchor}" if anchor else "")
    return HttpResponseRedirect(url, status=303)


def _home(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    school = _school(request)
    notices = list(listing.notices_without_case(school)[: listing.NOTICES_SHOWN + 1])
    page_number = request.GET.get("page")
    protocols = protocols_for(school.jurisdiction)
    context = {
        "school": school,
        # Each notice's "open a case" offers the jurisdiction's protocols, its default chosen;
        # with one protocol only, there is nothing to choose.
        "protocols": protocols if len(protocols) > 1 else [],
        "default_protocol": _default_key(school),
        "listing": listing.open_cases(school, now=timezone.now(), page_number=page_number),
        "notices": notices[: listing.NOTICES_SHOWN],
        "more_notices": len(notices) > listing.NOTICES_SHOWN,
        "error": error,
    }
    return render(request, "cases/home.html", context, status=status)


def _default_key(school: Any) -> str:
    try:
        return default_protocol(school.jurisdiction).key
    except LookupError:
        return ""


@require_GET
@school_member_required
def home_view(request: HttpRequest) -> HttpResponse:
    return _home(request)


@require_GET
@school_member_required
def closed_view(request: HttpRequest) -> HttpResponse:
    school = _school(request)
    page = listing.closed_cases(school, page_number=request.GET.get("page"))
    return render(request, "cases/closed.html", {"school": school, "page": page})


@require_http_methods(["GET", "POST"])
@school_member_required
def new_view(request: HttpRequest) -> HttpResponse:
    """A pupil comes forward: the school opens a case without any notice."""
    school = _school(request)
    protocols = protocols_for(school.jurisdiction)
    if not protocols:
        return render(request, "cases/no_protocol.html", {"school": school}, status=404)
    default = default_protocol(school.jurisdiction).key
    form = OpenCaseForm(request.POST or None, protocols=protocols, default=default)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                case = open_case(
                    school=school,
                    by=request.user,
                    origin=Origin.PUPIL,
                    protocol_key=form.cleaned_data["protocol"],
                    conditions=form.flags(),
                    summary=form.cleaned_data["summary"],
                )
            except CaseError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(
                    request, _("The case %(number)s is open.") % {"number": case.number}
                )
                return to_case(case)
    return render(request, "cases/new.html", {"school": school, "form": form}, status=status)


@require_POST
@school_member_required
def open_notice_view(request: HttpRequest, notice_id: Any) -> HttpResponse:
    """ "Open a case" from a notice the school acknowledged. Opening twice shows the first."""
    school = _school(request)
    notice = listing.notices_for(school).filter(pk=notice_id).first()
    if notice is None:
        raise Http404
    # No protocol sent (one protocol only, an older page): the jurisdiction's default.
    protocol_key = request.POST.get("protocol") or None
    try:
        case = open_from_notice(notice=notice, by=request.user, protocol_key=protocol_key)
    except CaseError as error:
        return _home(request, error=str(error.message), status=400)
    messages.success(request, _("The case %(number)s is open.") % {"number": case.number})
    return to_case(case)
