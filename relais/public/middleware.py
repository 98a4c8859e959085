"""A clear answer, in the reporter's language, to a form too large to read.

Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE by raising RequestDataTooBig the first
time request.POST is read, which for a form is inside CsrfViewMiddleware: the reporter would get
a bare "400 Bad Request". This middleware sits between LocaleMiddleware and CsrfViewMiddleware and
reads the form first for the public views that take one, so that the refusal is a page in the
right language. Nothing has been stored at that point. Other views (evidence uploads with their
own upload handlers, the API) are left alone.

It also refuses, for every HTML view, a form body whose raw bytes are not UTF-8: Django would
decode the whole body as Latin-1 and the mangled text would be stored and proof-logged. The
same bytes percent-encoded already get a 400 from the forms' text check (relais.lib.text).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from relais.alerts.models import MAX_DESCRIPTION
from relais.public.pages import error_page

_READS_FORM = "_relais_public_form"


def reads_form(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a public view whose POST body is a small form (see the module docstring)."""
    setattr(view, _READS_FORM, True)
    return view


class FormTooLargeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if _misencoded_form(request):
            return error_page(
                request,
                status=400,
                title=_("This form could not be read"),
                message=_(
                    "Part of what you typed could not be read (it is not valid UTF-8), so "
                    "nothing was saved. Please type it again."
                ),
            )
        if request.method != "POST" or not getattr(view, _READS_FORM, False):
            return None
        try:
            request.POST  # noqa: B018 - parsing is the point
        except RequestDataTooBig:
            return error_page(
                request,
                status=413,
                title=_("This is too long to send"),
                message=_(
                    "What you sent is too long for us to receive, so nothing was saved. "
                    "Shorten your text, then send it again: a description can have up to "
                    "%(limit)s characters. You can add more details later in your mailbox."
                )
                % {"limit": number_format(MAX_DESCRIPTION, force_grouping=True)},
            )
        except TooManyFieldsSent:
            return error_page(
                request,
                status=400,
                title=_("This form could not be read"),
                message=_("The form had too many fields, so nothing was saved. Please try again."),
            )
        return None


def _misencoded_form(request: HttpRequest) -> bool:
    """A urlencoded body that is not UTF-8, or says it is in another charset (the API, which takes
    JSON only and answers in JSON, is left to its own parser)."""
    if request.content_type != "application/x-www-form-urlencoded" or request.method in {
        "GET",
        "HEAD",
        "OPTIONS",
    }:
        return False
    match = request.resolver_match
    if match is not None and "api" in match.namespaces:
        return False
    if request.encoding and request.encoding.lower() != "utf-8":
        return True  # a form body is UTF-8 (Django refuses another charset with a bare 400)
    try:
        body = request.body
    except RequestDataTooBig:
        return False  # answered below for the public forms, by Django's 400 elsewhere
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False
