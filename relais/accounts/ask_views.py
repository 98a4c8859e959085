"""POST /ack/account/: "Ask for an account for the school", from a notice's acknowledgment
receipt. The form carries the receipt's token (in the body, never the path) and nothing else:
the invitation goes to the school's official address whatever the request holds."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from relais.accounts import invitations
from relais.notices import services as notice_services
from relais.notices.models import RECEIPT_DAYS
from relais.notices.school_receipts import acknowledgment_for_token


def _receipt(token: str) -> HttpResponse:
    return HttpResponseRedirect(
        f"{reverse('notices_ack:ack')}?{urlencode({'t': token})}", status=303
    )


@never_cache
@require_POST
def ask_account_view(request: HttpRequest) -> HttpResponse:
    token = request.POST.get("t", "")
    try:
        ack = acknowledgment_for_token(token)
    except notice_services.LinkUnknown:
        return render(request, "notices/ack_unknown.html", status=404)
    except notice_services.LinkGone as gone:
        context = {"reason": gone.reason, "days": RECEIPT_DAYS}
        return render(request, "notices/ack_gone.html", context, status=410)
    try:
        # The e-mail is in the asking person's language (French unless they use another).
        requested = invitations.request_school_account(
            acknowledgment=ack, language=translation.get_language()
        )
    except invitations.InvitationError as error:
        messages.error(request, error.message)
        return _receipt(token)
    invitation = requested.invitation
    values = {
        "address": invitation.school.direction_email,
        "sent": invitations.when(invitation.school, invitation.created_at),
        "until": invitations.when(invitation.school, invitation.expires_at),
    }
    if requested.queued:
        text = _(
            "The invitation is on its way to your school's official address, %(address)s. "
            "Open its link, or forward the e-mail to the person who will hold the account: it "
            "works once, until %(until)s."
        )
    else:
        text = _(
            "An invitation was already sent to %(address)s on %(sent)s; its link works until "
            "%(until)s. No second e-mail was sent: look for it in that mailbox (and its spam)."
        )
    messages.info(request, text % values)
    return _receipt(token)


def offer_context(school: object) -> dict[str, object]:
    """What the receipt page shows about the school's account (accounts/_ask_account.html)."""
    offer = invitations.offer_for(school)  # type: ignore[arg-type]
    context: dict[str, object] = {"state": offer.state, "address": offer.address}
    if offer.pending is not None:
        context["sent"] = invitations.when(offer.pending.school, offer.pending.created_at)
        context["until"] = invitations.when(offer.pending.school, offer.pending.expires_at)
    return context
