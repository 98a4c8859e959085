"""The "page not found" page: the staff's for a signed-in account, the reporters' for anyone else.

Django renders relais/templates/404.html itself, in the reporters' frame (quick exit, link to the
public home). A school head who mistypes an address under /school/ would land there, far from
their work; they get the staff frame and a link back to their own side. Someone without a
verified staff session (a reporter, a passer-by, a password-only session) never sees the staff
frame: they get the public page, as before. Nor does any address outside the staff's sides:
the reporters' pages keep their own frame whoever is signed in.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.template import loader
from django.views import defaults

from relais.staff.signin import home_for

# The staff's sides. Every other path is the reporters' (relais.public: the mailbox, the form):
# there the public page, with its quick exit, whoever else is signed in in the same browser
# (a parent who is also a teacher, a shared family computer).
STAFF_PATHS = ("/staff/", "/school/", "/relay/", "/join/", "/admin/")


def _home(user: Any) -> str | None:
    """Where "Back to my pages" goes, or None for a verified account with no role, which every
    side would refuse (403): no link rather than one that fails."""
    if getattr(user, "in_school", False) or getattr(user, "in_relay", False):
        return home_for(user)
    return home_for(user) if getattr(user, "handles_alerts", False) else None


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    user: Any = getattr(request, "user", None)
    verified = getattr(user, "is_verified", None)
    if (
        not request.path.startswith(STAFF_PATHS)
        or user is None
        or not user.is_authenticated
        or verified is None
        or not verified()
    ):
        return defaults.page_not_found(request, exception)
    body = loader.render_to_string("staff/404.html", {"home": _home(user)}, request)
    return HttpResponseNotFound(body)
