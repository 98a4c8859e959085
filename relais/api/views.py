"""The API's answers outside ninja's operations: unknown paths and refused methods."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from relais.api.errors import not_found


def _error(detail: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": detail, "errors": {}}, status=status)


# Exempt from Django's CSRF check, as ninja's operations are: the API reads no cookie (a bearer
# token, or nothing), and the check would answer an unsafe method (POST /api/v1/alerts/, with its
# trailing slash) with Django's HTML 403 page before this view could say 404 in the error shape.
@csrf_exempt
def unknown_path(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    return _error(not_found().detail, 404)


def json_method_not_allowed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """ninja answers a method a path does not have with a plain-text 405; give it the error shape
    (and keep its Allow header)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            answer = _error(_("This address does not accept this method."), 405)
            answer["Allow"] = response["Allow"]
            return answer
        return response

    return wrapper
