"""The school's one-time acknowledgment page. No account, no JavaScript needed.

Unknown token: 404. Used or expired: 410, with what to do. The token comes in the query string
(GET) or the form body (POST), so that it never appears in a logged path.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from relais.notices import compose, queue, services
from relais.notices.forms import AcknowledgeForm
from relais.notices.models import AckLink, Acknowledgment, Notice
from relais.notices.school_receipts import WHICH, school_receipt
from relais.notices.texts import texts_for
from relais.proofs.receipts import receipt_file


def _gone(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "notices/ack_gone.html", {"reason": reason}, status=410)


def _unknown(request: HttpRequest) -> HttpResponse:
    return render(request, "notices/ack_unknown.html", status=404)


@never_cache
@require_http_methods(["GET", "POST"])
def ack_view(request: HttpRequest) -> HttpResponse:
    token = (request.POST if request.method == "POST" else request.GET).get("t", "")
    try:
        link = services.link_for_token(token)
    except services.LinkUnknown:
        return _unknown(request)
    except services.LinkGone as gone:
        return _gone(request, gone.reason)
    context = _context(link.notice)
    if request.method == "GET":
        form = AcknowledgeForm(initial={"t": token})
        return render(request, "notices/ack_form.html", {**context, "form": form})
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        return render(request, "notices/ack_form.html", {**context, "form": form}, status=400)
    try:
        ack = services.acknowledge_notice(
            token=token, name=form.cleaned_data["name"], role=form.cleaned_data["role"]
        )
    except services.LinkGone as gone:
        return _gone(request, gone.reason)
    except ValidationError as error:
        for field, texts in error.message_dict.items():
            form.add_error(field if field in form.fields else None, texts)
        return render(request, "notices/ack_form.html", {**context, "form": form}, status=400)
    return render(
        request,
        "notices/ack_done.html",
        {
            **context,
            "ack": ack,
            "token": token,
            "ack_when": _when(link.notice, ack.acknowledged_at),
        },
    )


def _when(notice: Notice, moment) -> str:
    """ "6 décembre 2026 à 23 h 15 (heure de Bruxelles)": the notice's own French words."""
    return texts_for(notice.jurisdiction).when(moment)


def _context(notice: Notice) -> dict[str, object]:
    """The notice in full (the head reads what they acknowledge), its times in the school's own
    zone, named."""
    texts = texts_for(notice.jurisdiction)
    return {
        "notice": notice,
        "school": notice.alert.school,
        "reference": compose.notice_reference(notice),
        "sent_at": notice.sent_at,
        "sent_when": _when(notice, notice.sent_at) if notice.sent_at else "",
        "time_zone": texts.time_zone,
    }


def _acknowledgment_for(token: str) -> tuple[AckLink | None, Acknowledgment | None]:
    """The link behind a token and the acknowledgment made with it (None, None: unknown)."""
    if not token or len(token) > services.MAX_TOKEN:
        return None, None
    link = AckLink.objects.filter(token_digest=queue.token_digest(token)).first()
    ack = (
        Acknowledgment.objects.select_related("notice__alert__school").filter(link=link).first()
        if link
        else None
    )
    return link, ack


@never_cache
@require_GET
def receipt_view(request: HttpRequest) -> HttpResponse:
    """The school's receipt (of=sent: the notice; of=ack: its acknowledgment), for the link that
    was used, until it expires: a RECEIPT that `relais verify` checks offline."""
    link, ack = _acknowledgment_for(request.GET.get("t", ""))
    which = request.GET.get("of", "")
    if link is None or ack is None or which not in WHICH:
        return _unknown(request)
    if link.expires_at <= timezone.now():
        return _gone(request, "expired")
    receipt = school_receipt(ack, which)
    if receipt is None:
        return _unknown(request)
    response = HttpResponse(receipt_file(receipt), content_type="application/json")
    name = "accuse-de-reception" if which == "ack" else "signalement"
    response["Content-Disposition"] = f'attachment; filename="relais-recu-{name}.json"'
    return response
