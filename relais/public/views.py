"""The reporter's pages before the mailbox: the welcome page and the alert form.

The receipt is rendered as the answer to the POST that created the alert: it never travels in a
redirect, a URL or a cookie, and the server keeps only its keyed digest.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import MultipleChoiceField
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from relais.alerts.forms import AlertForm
from relais.alerts.services import submit_alert
from relais.lib.ratelimit import hit
from relais.public.middleware import reads_form
from relais.public.pages import emergency_packs, wait_minutes, without_maxlength
from relais.schools.models import School, fold

MAX_RESULTS = 20
MAX_QUERY = 100
MAX_WORDS = 6


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html", {"packs": emergency_packs()})


def search_schools(query: str) -> QuerySet[School] | None:
    """Open schools whose name, town, postcode or code contain every word typed (accents and
    case ignored); None when nothing usable was typed."""
    words = fold(query[:MAX_QUERY]).replace("-", " ").split()[:MAX_WORDS]
    if not words or sum(map(len, words)) < 2:
        return None
    schools = School.objects.filter(is_open=True)
    for word in words:
        schools = schools.filter(search_text__contains=word)
    return schools.order_by("name", "city", "id")[:MAX_RESULTS]


def _school(raw: str) -> School | None:
    """The school ticked in a submitted form, so that it survives a failed POST."""
    try:
        return School.objects.filter(pk=raw, is_open=True).first() if raw else None
    except ValidationError:  # not a UUID; the form says so
        return None


def _as_initial(data: QueryDict) -> AlertForm:
    """An unbound form holding what was typed: shown again without judging it (rate limit)."""
    initial = {
        name: data.getlist(name) if isinstance(field, MultipleChoiceField) else data.get(name)
        for name, field in AlertForm.base_fields.items()
    }
    return AlertForm(initial=initial)


def _render_form(
    request: HttpRequest,
    form: AlertForm,
    *,
    query: str,
    chosen: School | None = None,
    status: int = 200,
    limited: bool = False,
) -> HttpResponse:
    results = search_schools(query)
    schools = list(results or [])
    if chosen is not None and chosen not in schools:
        schools.insert(0, chosen)
    context = {
        "form": without_maxlength(form, "description"),
        "query": query,
        "searched": results is not None,
        "schools": schools,
        "chosen": chosen,
        # Where the error summary sends the reporter when the school is missing.
        "school_anchor": "id_school_id_0" if schools else "q",
        "packs": emergency_packs(chosen),
        "limited": limited,
        "wait_minutes": wait_minutes(settings.ALERT_RATE),
        "show_errors": form.is_bound,
        "section": _("Form"),
    }
    return render(request, "public/alert.html", context, status=status)


@reads_form
@require_http_methods(["GET", "HEAD", "POST"])
def alert(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        query = request.GET.get("q", "").strip()
        return _render_form(request, AlertForm(), query=query)
    query = request.POST.get("q", "").strip()
    form = AlertForm(data=request.POST)
    chosen = _school(request.POST.get("school_id", ""))
    if not hit("alert", request.client_key, settings.ALERT_RATE):  # type: ignore[attr-defined]
        # Keep what the reporter wrote on the page, store nothing, and say when to try again.
        return _render_form(
            request, _as_initial(request.POST), query=query, chosen=chosen, status=429, limited=True
        )
    if not form.is_valid():
        return _render_form(request, form, query=query, chosen=chosen, status=400)
    data = form.cleaned_data
    try:
        submitted = submit_alert(
            school=data["school_id"],
            reporter_role=data["reporter_role"],
            categories=data["categories"],
            description=data["description"],
            immediate_danger=data["immediate_danger"],
            good_faith=data["good_faith"],
            started_on=data["started_on"],
            platforms=data["platforms"],
            class_grade=data["class_grade"],
            consent_escalation=data["consent_escalation"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_form(request, form, query=query, chosen=chosen, status=400)
    school = submitted.alert.school
    context = {
        "receipt_groups": submitted.receipt.split("-"),
        "receipt": submitted.receipt,
        "danger": submitted.alert.immediate_danger,
        "packs": emergency_packs(school),
        "section": _("Receipt"),
    }
    return render(request, "public/receipt.html", context)
