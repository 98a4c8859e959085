"""A relay service's pages, under /relay/: the referrals sent to it.

Two ways in. The link of the referral's e-mail, /relay/?t=TOKEN (the token in the query string
or the form's body, never in a logged path), opens that one referral: unknown → 404, expired →
410, withdrawn by the school → 410 saying so. A member of the service with an account (password
and second factor) finds /relay/ listing its service's referrals and /relay/<id>/ for each: a
referral of another service is a 404.

Either way the relay reads the case number, the school, the request, the consent and what is
known of the case, with its people under their pseudonyms: never a real name, never anything
of the reporter. It accepts, refuses with a reason, or records its work done; every POST ends
in a 303 back to the page with `saved=1`, where a notice (role="status") says what was recorded,
read from the referral's state (a stale `saved` says nothing wrong); bad input in a 400 with the
message.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from relais.cases import referrals
from relais.cases.access import relay_member_required
from relais.cases.models import CasePerson, Referral, ReferralState
from relais.cases.referral_forms import DoneForm, RefuseForm
from relais.cases.referral_resend import may_resend
from relais.cases.referrals import LIVE, LinkGone, LinkUnknown, Relay
from relais.cases.services import CaseError
from relais.notices.texts import texts_for


def _gone(
    request: HttpRequest, reason: str, *, link: bool = True, referral: Referral | None = None
) -> HttpResponse:
    context = {"reason": _why_gone(reason, referral), "link": link}
    return render(request, "cases/relay_gone.html", context, status=410)


def _why_gone(reason: str, referral: Referral | None) -> str:
    """An expired link's page says the school can send a new one only when it can (the referral
    waits on the service, the case is open); else why there is nothing more to answer: the
    service refused it ("refused"), recorded its work done ("done"), or the case is closed."""
    if reason != "expired" or referral is None or may_resend(referral, referral.case):
        return reason
    if referral.state in (ReferralState.REFUSED, ReferralState.DONE):
        return str(referral.state)
    return "closed"


def _page(
    request: HttpRequest,
    referral: Referral,
    *,
    token: str = "",
    refuse: RefuseForm | None = None,
    done: DoneForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    case = referral.case
    # After an answer's 303 (JavaScript off), what the relay just recorded: the state says which.
    saved = request.method == "GET" and request.GET.get("saved") == "1"
    # The people only while the relay works on the case, pseudonyms and classes only.
    people = (
        list(CasePerson.objects.filter(case=case).only("label", "role", "class_name"))
        if referral.state in LIVE
        else []
    )
    context = {
        "referral": referral,
        "case": case,
        "school": case.school,
        "service": referral.service,
        "people": people,
        "zone": texts_for(case.school.jurisdiction).time_zone,
        "overdue": referral.state == ReferralState.SENT and referral.answer_by < timezone.now(),
        "token": token,
        "link": bool(token),
        "action": _action_url(referral, token),
        "refuse": refuse or RefuseForm(),
        "done": done or DoneForm(),
        "error": error,
        "saved": SAVED.get(referral.state, "") if saved else "",
    }
    return render(request, "cases/relay_referral.html", context, status=status)


# What the relay just recorded, by the referral's state (str keys: the model field holds str).
SAVED: dict[str, Any] = {
    ReferralState.ACCEPTED: gettext_lazy(
        "You accepted the request. The school sees it on its case and gives you the pupils' "
        "names directly."
    ),
    ReferralState.REFUSED: gettext_lazy("You refused the request. The school reads your reason."),
    ReferralState.DONE: gettext_lazy(
        "Your work is recorded as done. The school sees it on its case. Thank you."
    ),
}


def _action_url(referral: Referral, token: str) -> str:
    # With a link the form posts to /relay/ with the token in its body.
    return reverse("relay:home") if token else reverse("relay:referral", args=[referral.pk])


def _back(referral: Referral, token: str) -> HttpResponse:
    url = (
        f"{reverse('relay:home')}?{urlencode({'t': token, 'saved': 1})}"
        if token
        else f"{reverse('relay:referral', args=[referral.pk])}?saved=1"
    )
    return HttpResponseRedirect(url, status=303)


def _act(request: HttpRequest, referral: Referral, relay: Relay, token: str) -> HttpResponse:
    """One answer from the POST: accept, refuse (a reason needed) or done (a short note)."""
    action = request.POST.get("action", "")
    by = relay.link if relay.link is not None else relay.user
    refuse = done = None
    try:
        if action == "accept":
            referrals.answer(referral=referral, accept=True, by_link_or_user=by)
        elif action == "refuse":
            refuse = RefuseForm(request.POST)
            if not refuse.is_valid():
                return _page(request, referral, token=token, refuse=refuse, status=400)
            referrals.answer(
                referral=referral,
                accept=False,
                reason=refuse.cleaned_data["reason"],
                by_link_or_user=by,
            )
        elif action == "done":
            done = DoneForm(request.POST)
            if not done.is_valid():
                return _page(request, referral, token=token, done=done, status=400)
            referrals.mark_done(
                referral=referral, note=done.cleaned_data["note"], by_link_or_user=by
            )
        else:
            return _page(request, referral, token=token, error=_("Choose an answer."), status=400)
    except CaseError as error:
        fresh = Referral.objects.select_related("case__school", "service").get(pk=referral.pk)
        return _page(
            request,
            fresh,
            token=token,
            refuse=refuse,
            done=done,
            error=str(error.message),
            status=400,
        )
    return _back(referral, token)


def _by_link(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = referrals.link_for_token(token)
    except LinkUnknown:
        return render(request, "cases/relay_unknown.html", {"link": True}, status=404)
    except LinkGone as gone:
        return _gone(request, gone.reason, referral=gone.referral)
    relay = Relay(kind="link", link=link)
    if request.method == "POST":
        return _act(request, link.referral, relay, token)
    referrals.record_opened(referral=link.referral, relay=relay)
    return _page(request, link.referral, token=token)


# The relay's list, a page at a time: a busy PMS centre gets hundreds of referrals a year.
PAGE_SIZE = 50


def _page_number(raw: str, last: int) -> int:
    """A page number clamped between the first page and the last; anything that is not a whole
    number (?page=abc, a typed link) is the first page. The links are plain ?page=N: no script."""
    try:
        number = int(raw)
    except ValueError:
        return 1
    return min(max(number, 1), last)


@relay_member_required
def _list(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(referrals.relay_referrals(request.user), PAGE_SIZE)
    page = paginator.page(_page_number(request.GET.get("page", ""), paginator.num_pages))
    now = timezone.now()
    context = {
        "rows": page.object_list,
        "page": page,
        "service": request.user.service,  # type: ignore[union-attr]
        "now": now,
        "sent": ReferralState.SENT,
    }
    return render(request, "cases/relay_home.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def home_view(request: HttpRequest) -> HttpResponse:
    """/relay/: with a token (query or body), the referral it opens; else the member's list."""
    data = request.POST if request.method == "POST" else request.GET
    if "t" in data:
        return _by_link(request, data.get("t", ""))
    if request.method == "POST":
        raise Http404  # a member answers on the referral's own page
    return _list(request)


@never_cache
@require_http_methods(["GET", "POST"])
@relay_member_required
def referral_view(request: HttpRequest, referral_id: Any) -> HttpResponse:
    user: Any = request.user
    referral = (
        Referral.objects.select_related("case__school", "service")
        .filter(pk=referral_id, service_id=user.service_id)
        .first()
    )
    if referral is None:
        raise Http404  # another service's referral does not exist for this one
    if referral.state == ReferralState.REVOKED:
        return _gone(request, "revoked", link=False)
    relay = Relay(kind="account", user=user)
    if request.method == "POST":
        return _act(request, referral, relay, "")
    referrals.record_opened(referral=referral, relay=relay)
    return _page(request, referral)
