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
from relais.public.once import FIELD, claim, keep, new_token, release, was_sent
from relais.public.pages import emergency_packs, error_page, wait_minutes, without_maxlength
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
    token: str,
    chosen: School | None = None,
    status: int = 200,
    limited: str = "",
) -> HttpResponse:
    results = search_schools(query) if limited != "search" else None
    schools = list(results or [])
    if chosen is not None and chosen not in schools:
        schools.insert(0, chosen)
    rate = settings.SEARCH_RATE if limited == "search" else settings.ALERT_RATE
    context = {
        "form": without_maxlength(form, "description"),
        "query": query,
        "token": token,
        "searched": results is not None,
        "schools": schools,
        "chosen": chosen,
        # Where the error summary sends the reporter when the school is missing.
        "school_anchor": "id_school_id_0" if schools else "q",
        "packs": emergency_packs(chosen),
        "limited": limited,
        "wait_minutes": wait_minutes(rate),
        "show_errors": form.is_bound,
        "section": _("Form"),
    }
    return render(request, "public/alert.html", context, status=status)


def _already_sent(request: HttpRequest) -> HttpResponse:
    """A repeated post of a form that was already sent (a refresh of the receipt, Back then
    send): nothing is stored, and the receipt cannot be shown again."""
    return error_page(
        request,
        status=409,
        title=_("This alert was already sent"),
        message=_(
            "This alert was already sent. For your safety, the receipt is shown only once: if "
            "you did not write it down, send a new alert and mention it; we will link them."
        ),
        section=_("Form"),
    )


@reads_form
@require_http_methods(["GET", "HEAD", "POST"])
def alert(request: HttpRequest) -> HttpResponse:
    """The alert form. Searching for the school is a POST of the same form (action=search), so
    that the school's name stays out of the URL and the browser's history; only
    action=send (or no action: API-like clients, older forms) may store an alert."""
    client: str = request.client_key  # type: ignore[attr-defined]
    if request.method != "POST":
        # ?q= is kept for old links only; none of our pages produce it.
        query = request.GET.get("q", "").strip()
        if query and not hit("search", client, settings.SEARCH_RATE):
            return _render_form(
                request, AlertForm(), query=query, token=new_token(), status=429, limited="search"
            )
        return _render_form(request, AlertForm(), query=query, token=new_token())
    query = request.POST.get("q", "").strip()
    chosen = _school(request.POST.get("school_id", ""))
    token = request.POST.get(FIELD, "")
    if request.POST.get("action") == "search":
        # Show the schools found and everything already written, without judging it yet.
        limited = "" if hit("search", client, settings.SEARCH_RATE) else "search"
        return _render_form(
            request,
            _as_initial(request.POST),
            query=query,
            token=keep(token),
            chosen=chosen,
            status=429 if limited else 200,
            limited=limited,
        )
    if was_sent(token):
        return _already_sent(request)
    if not hit("alert", client, settings.ALERT_RATE):
        # Keep what the reporter wrote on the page, store nothing, and say when to try again.
        return _render_form(
            request,
            _as_initial(request.POST),
            query=query,
            token=keep(token),
            chosen=chosen,
            status=429,
            limited="send",
        )
    form = AlertForm(data=request.POST)
    if not form.is_valid():
        return _render_form(
            request, form, query=query, token=keep(token), chosen=chosen, status=400
        )
    # Claimed before the alert is stored: of two posts with one token, only one gets past here.
    if not claim(token):
        return _already_sent(request)
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
        release(token)
        form.add_error(None, error)
        return _render_form(
            request, form, query=query, token=keep(token), chosen=chosen, status=400
        )
    except BaseException:
        release(token)  # nothing was stored: the same form may be sent again
        raise
    school = submitted.alert.school
    context = {
        "receipt_groups": submitted.receipt.split("-"),
        "receipt": submitted.receipt,
        "danger": submitted.alert.immediate_danger,
        "packs": emergency_packs(school),
        "section": _("Receipt"),
    }
    return render(request, "public/receipt.html", context)
