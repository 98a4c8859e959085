"""The reporter's timeline in the mailbox (a plain chronological list, no thumbnails: the phone
may be shared) and the link capture form. Both work without JavaScript; the mailbox cookie
(path /mailbox/) gives the one alert."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from relais.alerts.models import Alert
from relais.evidence.links import csam_refusal
from relais.evidence.timeline import timeline_for
from relais.evidence.timeline_forms import KIND_LABELS, LinkCaptureForm
from relais.evidence.timeline_services import capture_link
from relais.mailbox.services import COOKIE, alert_for_token
from relais.public.middleware import reads_form

MAX_SHOWN = 1000


def _alert(request: HttpRequest) -> Alert | None:
    token = request.COOKIES.get(COOKIE, "")
    return alert_for_token(token) if token else None


def _closed() -> HttpResponse:
    # The mailbox page asks for the receipt again.
    return HttpResponseRedirect(reverse("public:mailbox"), status=303)


@require_safe
def mailbox_timeline(request: HttpRequest) -> HttpResponse:
    alert = _alert(request)
    if alert is None:
        return _closed()
    timeline = timeline_for(alert)
    context = {
        "section": _("Mailbox"),
        "timeline": timeline,
        "events": timeline.events[:MAX_SHOWN],
        "cut": max(0, len(timeline.events) - MAX_SHOWN),
        "kind_labels": KIND_LABELS,
    }
    return render(request, "evidence/mailbox_timeline.html", context)


@reads_form
@require_POST
def mailbox_link(request: HttpRequest) -> HttpResponse:
    alert = _alert(request)
    if alert is None:
        return _closed()
    form = LinkCaptureForm(data=request.POST)
    if not form.is_valid():
        context = {"section": _("Mailbox"), "link_form": form}
        return render(request, "evidence/mailbox_link_refused.html", context, status=422)
    link = capture_link(alert=alert, **form.values())
    if link.sexual_image_of_minor:
        context = {"section": _("Mailbox"), "refusal": csam_refusal(alert.school.jurisdiction)}
        return render(request, "evidence/mailbox_csam_refusal.html", context)
    return HttpResponseRedirect(reverse("public:mailbox") + "#links", status=303)
