"""Who may use the staff pages: signed in, second factor passed, and a role that handles alerts.

Which alerts they see is decided by relais.alerts.access, never here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from relais.staff.signin import home_for

View = Callable[..., HttpResponse]


def staff_required(view: View) -> View:
    """Redirect to sign-in or to the TOTP step; a school's or a relay's member to their own side
    (/school/, /relay/: the staff pages are not theirs, and the brand link of every page leads
    here); 403 for a verified account without a role."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user: Any = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("staff:login"))
        if not user.is_verified():
            return redirect("staff:verify")
        if user.in_school or user.in_relay:
            return redirect(home_for(user))
        if not user.handles_alerts:
            context = {"organisation": user.organisation}
            return render(request, "staff/forbidden.html", context, status=403)
        return view(request, *args, **kwargs)

    return wrapper
