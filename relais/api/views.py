"""The API's answers outside ninja's operations: unknown paths and refused methods."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.utils.translation import gettext as _

from relais.api.errors import not_found


def _error(detail: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": detail, "errors": {}}, status=status)


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
