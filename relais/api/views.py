from __future__ import annotations

from django.http import HttpRequest, JsonResponse

from relais.api.errors import not_found


def unknown_path(request: HttpRequest) -> JsonResponse:
    error = not_found()
    return JsonResponse({"detail": error.detail, "errors": error.errors}, status=404)
