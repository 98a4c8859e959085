"""The "page not found" page: the staff's for a signed-in account, the reporters' for anyone else.

Django renders relais/templates/404.html itself, in the reporters' frame (quick exit, link to the
public home). A school head who mistypes an address under /school/ would land there, far from
their work; they get the staff frame and a link back to their own side. Someone without a
verified staff session (a reporter, a passer-by, a password-only session) never sees the staff
frame: they get the public page, as before.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.template import loader
from django.views import defaults

from relais.staff.signin import home_for


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    user: Any = getattr(request, "user", None)
    verified = getattr(user, "is_verified", None)
    if user is None or not user.is_authenticated or verified is None or not verified():
        return defaults.page_not_found(request, exception)
    body = loader.render_to_string("staff/404.html", {"home": home_for(user)}, request)
    return HttpResponseNotFound(body)
