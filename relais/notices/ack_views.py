"""The school's one-time acknowledgment page and its receipt. No account, no JavaScript needed.

Unknown token: 404. Before the acknowledgment the link shows the notice and the form; the form
posts once and redirects (303) to the same link, which from then on shows the receipt, for
RECEIPT_DAYS (Back, a reload, a second click or a colleague's second try read it and record
nothing). Expired before use, or past the receipt's days: 410, with what to do. The token comes
in the query string (GET) or the form body (POST), never in a logged path.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from relais.accounts.ask_views import offer_context
from relais.notices import compose, services
from relais.notices.forms import AcknowledgeForm
from relais.notices.models import RECEIPT_DAYS, Acknowledgment, Notice
from relais.notices.receipt_pdf import pdf_name, receipt_pdf
from relais.notices.school_receipts import (
    FILE_NAMES,
    WHICH,
    acknowledgment_for_token,
    receipt_view_for,
    school_receipt,
)
from relais.notices.texts import texts_for
from relais.proofs.receipts import receipt_file


def _gone(request: HttpRequest, reason: str) -> HttpResponse:
    return render(
        request, "notices/ack_gone.html", {"reason": reason, "days": RECEIPT_DAYS}, status=410
    )


def _unknown(request: HttpRequest) -> HttpResponse:
    return render(request, "notices/ack_unknown.html", status=404)


def _receipt_url(token: str) -> str:
    return f"{reverse('notices_ack:ack')}?{urlencode({'t': token})}"


def _spent(request: HttpRequest, token: str, reason: str) -> HttpResponse:
    """A link that can no longer acknowledge: its receipt while it can be read, else 410."""
    try:
        ack = acknowledgment_for_token(token)
    except services.LinkUnknown:
        return _gone(request, reason)  # expired before anyone acknowledged
    except services.LinkGone as gone:
        return _gone(request, gone.reason)
    if request.method == "POST":
        return HttpResponseRedirect(_receipt_url(token), status=303)
    view = receipt_view_for(ack)
    school = ack.notice.alert.school
    context = {"view": view, "token": token, "days": RECEIPT_DAYS, "school": school}
    # "Ask for an account for the school" (relais.accounts.ask_views), or why not.
    context["account"] = offer_context(school)
    return render(request, "notices/ack_receipt.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def ack_view(request: HttpRequest) -> HttpResponse:
    token = (request.POST if request.method == "POST" else request.GET).get("t", "")
    try:
        link = services.link_for_token(token)
    except services.LinkUnknown:
        return _unknown(request)
    except services.LinkGone as gone:
        return _spent(request, token, gone.reason)
    context = _context(link.notice)
    if request.method == "GET":
        form = AcknowledgeForm(initial={"t": token})
        return render(request, "notices/ack_form.html", {**context, "form": form})
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        return render(request, "notices/ack_form.html", {**context, "form": form}, status=400)
    try:
        services.acknowledge_notice(
            token=token, name=form.cleaned_data["name"], role=form.cleaned_data["role"]
        )
    except services.LinkGone as gone:
        return _spent(request, token, gone.reason)
    except ValidationError as error:
        for field, texts in error.message_dict.items():
            form.add_error(field if field in form.fields else None, texts)
        return render(request, "notices/ack_form.html", {**context, "form": form}, status=400)
    # The receipt is read with a GET: Back and reload show it, and never post again.
    return HttpResponseRedirect(_receipt_url(token), status=303)


def _context(notice: Notice) -> dict[str, object]:
    """The notice in full (the head reads what they acknowledge), its times in the school's own
    zone, named, in the notice's own words."""
    texts = texts_for(notice.jurisdiction)
    return {
        "notice": notice,
        "school": notice.alert.school,
        "reference": compose.notice_reference(notice),
        "sent_at": notice.sent_at,
        "sent_when": texts.when(notice.sent_at) if notice.sent_at else "",
        "time_zone": texts.time_zone,
    }


def _readable(request: HttpRequest) -> HttpResponse | Acknowledgment:
    try:
        return acknowledgment_for_token(request.GET.get("t", ""))
    except services.LinkUnknown:
        return _unknown(request)
    except services.LinkGone as gone:
        return _gone(request, gone.reason)


@never_cache
@require_GET
def receipt_view(request: HttpRequest) -> HttpResponse:
    """One of the school's two receipts (of=sent: the notice; of=ack: its acknowledgment), a
    RECEIPT that `relais verify` checks offline, while the link shows the receipt."""
    found = _readable(request)
    if isinstance(found, HttpResponse):
        return found
    which = request.GET.get("of", "")
    receipt = school_receipt(found, which) if which in WHICH else None
    if receipt is None:
        return _unknown(request)
    response = HttpResponse(receipt_file(receipt), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{FILE_NAMES[which]}"'
    return response


@never_cache
@require_GET
def receipt_pdf_view(request: HttpRequest) -> HttpResponse:
    """The receipt page as a PDF, with both receipts embedded."""
    found = _readable(request)
    if isinstance(found, HttpResponse):
        return found
    view = receipt_view_for(found)
    response = HttpResponse(receipt_pdf(view), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_name(view)}"'
    return response
