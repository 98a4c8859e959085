"""Small helpers shared by the public views: emergency numbers, form polish, error pages."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from relais.jurisdictions.packs import Pack, all_packs, get_pack
from relais.lib.ratelimit import parse_rate
from relais.schools.models import School


def emergency_packs(school: School | None = None) -> list[Pack]:
    """The packs whose numbers to show: the school's when known, otherwise every jurisdiction."""
    if school is not None:
        return [get_pack(school.jurisdiction)]
    packs = all_packs()
    return [packs[code] for code in sorted(packs)]


def wait_minutes(rate: str) -> int:
    """How long, at most, a client over ``rate`` waits before the window resets."""
    return max(1, -(-parse_rate(rate)[1] // 60))


def without_maxlength(form: forms.Form, *names: str) -> forms.Form:
    """Drop the browser's maxlength on long texts: a browser silently cuts a pasted text at the
    limit, which loses facts; the server's message says how much is too much instead."""
    for name in names:
        form.fields[name].widget.attrs.pop("maxlength", None)
    return form


def error_page(
    request: HttpRequest, *, status: int, title: str, message: str, section: str = ""
) -> HttpResponse:
    """A calm error page in the reporter's language, with the quick exit and the numbers."""
    return render(
        request,
        "public/error.html",
        {
            "section": section or _("Error"),
            "heading": title,
            "message": message,
            "packs": emergency_packs(),
        },
        status=status,
    )
