"""The one place that decides who sees which case (issue 12).

- A school's members (direction, educator) see their own school's cases;
- a relay's members see the cases referred to their service while the referral is not revoked,
  and only what relais/cases/relay_views.py shows of them;
- an association's case workers see the cases that gather an alert their organisation handles.

Anyone else gets 404, never 403: an id that is not yours does not tell that it exists.
Only the school's direction reads real names (`may_read_names`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from relais.accounts.models import Role
from relais.cases.models import Case, ReferralState

View = Callable[..., HttpResponse]


def _signed_in(request: HttpRequest) -> HttpResponse | None:
    user: Any = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("staff:login"))
    if not user.is_verified():
        return redirect("staff:verify")
    return None


def case_member_required(view: View) -> View:
    """Signed in with the second factor, and a member of a school, of a relay, or a case worker:
    the three kinds of account that may see some cases. Which ones is `cases_for`'s answer."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refused = _signed_in(request)
        if refused is not None:
            return refused
        user: Any = request.user
        if not (user.in_school or user.in_relay or user.handles_alerts):
            return render(request, "cases/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def school_member_required(view: View) -> View:
    """Signed in with the second factor, and a member of a school's team."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refused = _signed_in(request)
        if refused is not None:
            return refused
        if not request.user.in_school:  # type: ignore[union-attr]
            return render(request, "cases/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def relay_member_required(view: View) -> View:
    """Signed in with the second factor, and a member of a relay service (relais/cases/
    relay_views.py: the referrals sent to that service)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refused = _signed_in(request)
        if refused is not None:
            return refused
        if not request.user.in_relay:  # type: ignore[union-attr]
            return render(request, "cases/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def cases_for(user: Any) -> QuerySet[Case]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Case.objects.none()
    if user.in_school:
        return Case.objects.filter(school_id=user.school_id)
    if user.in_relay:
        live = [ReferralState.SENT, ReferralState.ACCEPTED, ReferralState.DONE]
        return Case.objects.filter(
            referrals__service_id=user.service_id, referrals__state__in=live
        ).distinct()
    if user.handles_alerts:
        return Case.objects.filter(Q(links__alert__organisation_id=user.organisation_id)).distinct()
    return Case.objects.none()


def get_case_for(user: Any, case_id: Any) -> Case:
    """The case if this user may see it; 404 otherwise."""
    case = cases_for(user).select_related("school").filter(pk=case_id).first()
    if case is None:
        raise Http404
    return case


def is_school_side(user: Any, case: Case) -> bool:
    """A member of the case's own school: may record steps, people, referrals and notes."""
    return bool(getattr(user, "in_school", False) and user.school_id == case.school_id)


def may_read_names(user: Any, case: Case) -> bool:
    """Real names are for the school's direction alone."""
    return is_school_side(user, case) and user.role == Role.DIRECTION
