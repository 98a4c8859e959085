"""The reporter's pages before the mailbox: the welcome page and the alert form.

The school search and a sent alert answer 303: the form as typed (or the receipt) waits in
relais.public.stash, encrypted with a key only this browser's cookie holds, for the GET page
after the redirect, so that no history entry holds a POST body with what the child wrote, and
the quick exit forgets it. A form to fix and the rate limit still answer with a page (to do).

The receipt never travels in a URL or in clear in a cookie, and the server keeps only its keyed
digest (and, for a few minutes, the stash's ciphertext).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import MultipleChoiceField
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from relais.alerts.forms import AlertForm
from relais.alerts.services import submit_alert
from relais.lib.ratelimit import Verdict, give_back, take
from relais.public.middleware import reads_form
from relais.public.once import FIELD, claim, keep, new_token, release, was_sent
from relais.public.pages import emergency_packs, error_page, without_maxlength
from relais.public.proof_views import new_alert_promise, proof_download
from relais.public.stash import discard, peek, put
from relais.schools.models import School
from relais.schools.search import MAX_RESULTS, clean_query, search_schools

# The stash of this page: the form as typed when the school was searched, and what to say.
FORM = "form"
RECEIPT = "receipt"


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html", {"packs": emergency_packs()})


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
    wait_minutes: int = 0,
    urgent: bool = False,
) -> HttpResponse:
    query = clean_query(query)
    results = search_schools(query) if limited != "search" else None
    schools = list(results.schools) if results else []
    if chosen is not None and chosen not in schools:
        schools.insert(0, chosen)
    context = {
        "form": without_maxlength(form, "description"),
        "query": query,
        "token": token,
        "searched": results is not None,
        "schools": schools,
        "more_schools": results is not None and results.more,
        "max_schools": MAX_RESULTS,
        "chosen": chosen,
        # Where the error summary sends the reporter when the school is missing.
        "school_anchor": "id_school_id_0" if schools else "q",
        "packs": emergency_packs(chosen),
        "limited": limited,
        "wait_minutes": wait_minutes,
        # A refused post that says someone is in danger: the numbers first, with their names.
        "urgent": urgent,
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


def _says_danger(data: QueryDict) -> bool:
    """Whether a posted form ticked "someone is in danger", read the way the form reads it."""
    field = AlertForm.base_fields["immediate_danger"]
    return bool(field.widget.value_from_datadict(data, {}, "immediate_danger"))


def _limited(
    request: HttpRequest, form: AlertForm, *, query: str, token: str, verdict: Verdict
) -> HttpResponse:
    """Over the rate limit: keep what the reporter wrote on the page, store nothing, say exactly
    when to try again, and when someone is in danger, the school's numbers before anything."""
    data = form.cleaned_data
    response = _render_form(
        request,
        _as_initial(request.POST),
        query=query,
        token=keep(token),
        chosen=data["school_id"],
        status=429,
        limited="send",
        wait_minutes=verdict.wait_minutes,
        urgent=data["immediate_danger"],
    )
    response["Retry-After"] = str(verdict.wait_seconds)
    return response


def _kept_form(request: HttpRequest, anchor: str, **shown: object) -> HttpResponse:
    """Keep the posted form and what to say about it for the GET page at /form/, and go there."""
    posted = {
        name: request.POST.getlist(name) for name in request.POST if name != "csrfmiddlewaretoken"
    }
    response = HttpResponseRedirect(reverse("public:alert") + anchor, status=303)
    put(request, response, FORM, {"posted": posted, **shown})
    return response


def _form_again(request: HttpRequest, kept: dict) -> HttpResponse:
    """The form as it was when the school was searched, from the stash, judged on nothing."""
    data = QueryDict(mutable=True)
    for name, values in dict(kept.get("posted", {})).items():
        data.setlist(name, [str(value) for value in values])
    limited = str(kept.get("limited", ""))
    return _render_form(
        request,
        _as_initial(data),
        query=data.get("q", "").strip(),
        token=keep(data.get(FIELD, "")),
        chosen=_school(data.get("school_id", "")),
        limited=limited,
        wait_minutes=int(kept.get("wait_minutes", 0)),
    )


@reads_form
@require_http_methods(["GET", "HEAD", "POST"])
def alert(request: HttpRequest) -> HttpResponse:
    """The alert form. Searching for the school is a POST of the same form (action=search), so
    that the school's name stays out of the URL and the browser's history; only
    action=send (or no action: API-like clients, older forms) may store an alert."""
    client: str = request.client_key  # type: ignore[attr-defined]
    if request.method != "POST":
        kept = peek(request, FORM)
        if kept is not None and "q" not in request.GET:
            return _form_again(request, kept)
        # ?q= is kept for old links only; none of our pages produce it.
        query = request.GET.get("q", "").strip()
        searched = take("search", client, settings.SEARCH_RATE) if query else None
        if searched is not None and not searched.allowed:
            return _render_form(
                request,
                AlertForm(),
                query=query,
                token=new_token(),
                status=429,
                limited="search",
                wait_minutes=searched.wait_minutes,
            )
        return _render_form(request, AlertForm(), query=query, token=new_token())
    query = request.POST.get("q", "").strip()
    chosen = _school(request.POST.get("school_id", ""))
    token = request.POST.get(FIELD, "")
    if request.POST.get("action") == "search":
        # Show the schools found and everything already written, without judging it yet.
        # Through the stash and a redirect: the history keeps a GET of /form/, not this POST.
        searched = take("search", client, settings.SEARCH_RATE)
        return _kept_form(
            request,
            "#step-school" if searched.allowed else "#error-summary",
            limited="" if searched.allowed else "search",
            wait_minutes=searched.wait_minutes,
        )
    if was_sent(token):
        return _already_sent(request)
    form = AlertForm(data=request.POST)
    if not form.is_valid():
        # Judged before the rate limit: a refused form counts for nothing.
        return _render_form(
            request,
            form,
            query=query,
            token=keep(token),
            chosen=chosen,
            status=400,
            urgent=_says_danger(request.POST),
        )
    # Claimed before the alert is stored: of two posts with one token, only one gets past here.
    if not claim(token):
        return _already_sent(request)
    # Counted before the alert is stored, so that concurrent sends share the last place; given
    # back below if nothing is stored. Only accepted alerts count.
    counted = take("alert", client, settings.ALERT_RATE)
    if not counted.allowed:
        release(token)  # nothing was sent: the same form may be sent once the wait is over
        return _limited(request, form, query=query, token=token, verdict=counted)
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
        give_back(counted)
        form.add_error(None, error)
        return _render_form(
            request, form, query=query, token=keep(token), chosen=chosen, status=400
        )
    except BaseException:
        release(token)  # nothing was stored: the same form may be sent again
        give_back(counted)
        raise
    # The receipt waits in the stash (replacing a form kept by a search) for the page after the
    # redirect, which shows it once: the history keeps that GET, never this POST.
    response = HttpResponseRedirect(reverse("public:alert_sent"), status=303)
    kept = {"receipt": submitted.receipt, "danger": submitted.alert.immediate_danger}
    kept["proof"] = new_alert_promise(submitted.proof_entry)  # the PROMISE, to download
    put(request, response, RECEIPT, {**kept, "school": str(submitted.alert.school_id)})
    return response


@require_safe
def alert_sent(request: HttpRequest) -> HttpResponse:
    """The receipt, read once from the stash: a reload, or Back after the quick exit, finds
    nothing and says only that a receipt is shown once, never that an alert was sent."""
    kept = peek(request, RECEIPT)
    if kept is None:
        return HttpResponseRedirect(reverse("public:alert"), status=303)
    receipt = str(kept["receipt"])
    context = {
        "receipt_groups": receipt.split("-"),
        "receipt": receipt,
        "danger": bool(kept.get("danger")),
        "proof": proof_download(kept.get("proof")),
        "packs": emergency_packs(_school(str(kept.get("school", "")))),
        "section": _("Receipt"),
    }
    response = render(request, "public/receipt.html", context)
    discard(request, response)
    return response
