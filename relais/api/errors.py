"""One error shape for every 4xx the API returns, in the request's language.

``{"detail": "<sentence>", "errors": {"<field>": ["<message>", ...]}}``. Ninja's own errors
(pydantic validation, unreadable JSON, missing bearer token, throttling, 404) are converted here,
so a client never has to know two shapes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from relais.alerts.forms import AlertForm, ConsentForm, MessageForm
from relais.api.parser import UnsupportedMediaType
from relais.lib.ratelimit import wait_sentence

NON_FIELD = "__all__"  # the key Django forms use for errors about the request as a whole


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]


class ApiError(Exception):
    """Raised by views to answer with the error shape."""

    def __init__(self, status: int, detail: str, errors: dict[str, list[str]] | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or {}


def error_responses(*codes: int) -> dict[int, type[ErrorOut]]:
    """The ``response=`` entries documenting each error code an operation can answer."""
    return dict.fromkeys(codes, ErrorOut)


def invalid(errors: dict[str, list[str]]) -> ApiError:
    return ApiError(422, _("Some of the data sent is not valid."), errors)


def form_errors(form: forms.Form) -> ApiError:
    return invalid({field: [str(m) for m in messages] for field, messages in form.errors.items()})


# Field-level messages of the forms, so that a missing field reads as it does on the HTML side.
_FORM_FIELDS: dict[str, forms.Field] = {
    **AlertForm.base_fields,
    **MessageForm.base_fields,
    **ConsentForm.base_fields,
}


def _type_message(kind: str) -> str:
    messages = {
        "string_type": _("Give a text."),
        "bool_type": _("Give true or false."),
        "list_type": _("Give a list."),
        "model_type": _("Send a JSON object."),
        "model_attributes_type": _("Send a JSON object."),
        "dict_type": _("Send a JSON object."),
        "extra_forbidden": _("This field is not part of this request."),
        "missing": _("This field is required."),
    }
    return messages.get(kind, _("This value is not valid."))


def _pydantic_message(field: str, kind: str) -> str:
    form_field = _FORM_FIELDS.get(field)
    if form_field is not None:
        # good_faith is documented as the constant true: false reads like a missing box.
        key = {"missing": "required", "literal_error": "required"}.get(kind)
        key = key or ("invalid" if kind == "string_pattern_mismatch" else "")
        if key and key in form_field.error_messages:
            return str(form_field.error_messages[key])
    return _type_message(kind)


def _field_of(loc: tuple[Any, ...] | list[Any]) -> str:
    # ninja prefixes the source ("body", "query") and the parameter name ("payload").
    parts = [str(part) for part in loc if not isinstance(part, int)]
    if parts and parts[0] in {"body", "query", "header", "path"}:
        parts = parts[1:]
    if parts and parts[0] == "payload":
        parts = parts[1:]
    return parts[0] if parts else NON_FIELD


def _respond(api: NinjaAPI, request: HttpRequest, error: ApiError) -> HttpResponse:
    body = {"detail": error.detail, "errors": error.errors}
    return api.create_response(request, body, status=error.status)


def install(api: NinjaAPI) -> None:
    """Replace ninja's default exception handlers by ones that speak the error shape."""

    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return _respond(api, request, exc)

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            field = _field_of(error.get("loc", ()))
            message = _pydantic_message(field, str(error.get("type", "")))
            if message not in errors.setdefault(field, []):
                errors[field].append(message)
        return _respond(api, request, invalid(errors))

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc, AuthenticationError):
            detail = _("Open the mailbox again with your receipt.")
        elif isinstance(exc, Throttled) and exc.wait:
            # exc.wait: the seconds relais.lib.ratelimit computed (ninja's Retry-After too).
            detail = _("Too many attempts.") + " " + wait_sentence(math.ceil(exc.wait / 60))
        elif isinstance(exc, Throttled):
            detail = _("Too many attempts. Wait a while, then try again.")
        elif isinstance(exc.__cause__, UnsupportedMediaType):
            # ninja turns any exception of the parser into a 400 raised "from" it.
            return _respond(api, request, unsupported_media_type())
        elif exc.status_code == 400:
            # ninja's words for a body that is not JSON (or not UTF-8).
            detail = _("The request body could not be read as JSON.")
        else:
            detail = _("This request could not be handled.")
        return _respond(api, request, ApiError(exc.status_code, detail))

    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return _respond(api, request, ApiError(413, _("The request is too large.")))

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _respond(api, request, not_found())

    handlers: dict[type[Exception], Callable[[HttpRequest, Any], HttpResponse]] = {
        ApiError: on_api_error,
        ValidationError: on_validation,
        HttpError: on_http_error,
        RequestDataTooBig: on_too_big,
        Http404: on_not_found,
    }
    for exc_class, handler in handlers.items():
        api.add_exception_handler(exc_class, handler)


def unsupported_media_type() -> ApiError:
    return ApiError(
        415, _("Send the body as JSON, with the header Content-Type: application/json.")
    )


def not_found() -> ApiError:
    return ApiError(404, _("There is nothing at this address."))
