"""Staff pages of the timeline: the alert's chronology with filters, synthesis and OCR search;
correcting a date; capturing a link; answering an export's day/month order. Every alert is
fetched through relais.alerts.access (404 for another organisation), and opening the timeline
is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from relais.alerts.access import get_alert_for
from relais.alerts.models import Alert
from relais.audit.models import ActorKind, AuditAction
from relais.audit.services import record
from relais.evidence.access import get_item_for
from relais.evidence.models import EvidenceItem
from relais.staff.access import staff_required
from relais.timeline.forms import (
    KIND_LABELS,
    LinkCaptureForm,
    OccurredAtForm,
    TimelineFilterForm,
)
from relais.timeline.import_problems import ORDERS, reports_for
from relais.timeline.imports import reread_dates
from relais.timeline.links import csam_refusal
from relais.timeline.models import ChatImport, LinkCapture, TimelineEvent
from relais.timeline.selectors import search_text, timeline_for
from relais.timeline.services import capture_link, correct_occurred_at

MAX_SHOWN = 1000  # a long chat export: the page shows this many; the dossier holds them all


def _timeline_url(alert: Alert) -> str:
    return reverse("evidence:timeline", args=[alert.pk])


def _page(
    request: HttpRequest,
    alert: Alert,
    *,
    link_form: LinkCaptureForm | None = None,
    correction: OccurredAtForm | None = None,
    status: int = 200,
) -> HttpResponse:
    filters = TimelineFilterForm(data=request.GET or None)
    chosen = filters.filters()
    timeline = timeline_for(alert, **chosen)
    query = filters.cleaned_data.get("q", "") if filters.is_bound and filters.is_valid() else ""
    everything = timeline_for(alert) if any(chosen.values()) else timeline
    context = {
        "alert": alert,
        "timeline": timeline,
        "events": timeline.events[:MAX_SHOWN],
        "cut": max(0, len(timeline.events) - MAX_SHOWN),
        "filters": filters,
        # Everyone who wrote, whatever the family said of them: staff filter by any of them.
        "authors": [person.handle for person in everything.synthesis.participants],
        "platforms": everything.synthesis.platforms,
        "kind_labels": KIND_LABELS,
        "query": query,
        "found": search_text(alert, query) if query else [],
        "link_form": link_form or LinkCaptureForm(),
        "correction": correction,
        "import_reports": reports_for(alert),
    }
    return render(request, "timeline/staff_timeline.html", context, status=status)


@require_GET
@staff_required
def timeline_view(request: HttpRequest, alert_id: Any) -> HttpResponse:
    alert = get_alert_for(request.user, alert_id)
    with transaction.atomic():
        record(actor=request.user, action=AuditAction.EVIDENCE_TIMELINE_VIEWED, obj=alert)
    return _page(request, alert)


def _target(alert: Alert, kind: str, target_id: Any) -> Model:
    found: Model | None
    if kind == "item":
        found = EvidenceItem.objects.filter(alert=alert, pk=target_id).first()
    elif kind == "event":
        # An import still being read has events that count for nothing yet (import_claims).
        found = TimelineEvent.objects.filter(
            item__alert=alert, item__chat_import__status=ChatImport.Status.IMPORTED, pk=target_id
        ).first()
    else:
        found = LinkCapture.objects.filter(alert=alert, pk=target_id).first()
    if found is None:
        raise Http404
    return found


@require_POST
@staff_required
def correct_view(request: HttpRequest, alert_id: Any) -> HttpResponse:
    alert = get_alert_for(request.user, alert_id)
    form = OccurredAtForm(data=request.POST)
    if not form.is_valid():
        return _page(request, alert, correction=form, status=422)
    data = form.cleaned_data
    target: Any = _target(alert, data["target"], data["target_id"])
    correct_occurred_at(target=target, occurred_at=data["occurred_at"], actor=request.user)
    messages.success(request, _("The date was corrected; the first one given is kept."))
    return redirect(_timeline_url(alert) + f"#entry-{target.pk}")


@require_POST
@staff_required
def link_view(request: HttpRequest, alert_id: Any) -> HttpResponse:
    alert = get_alert_for(request.user, alert_id)
    form = LinkCaptureForm(data=request.POST)
    if not form.is_valid():
        return _page(request, alert, link_form=form, status=422)
    link = capture_link(alert=alert, staff=request.user, **form.values())
    if link.sexual_image_of_minor:
        context = {"alert": alert, "refusal": csam_refusal(alert.school.jurisdiction)}
        return render(request, "timeline/staff_csam_refusal.html", context)
    messages.success(request, _("The link was recorded."))
    return redirect(_timeline_url(alert) + f"#entry-{link.pk}")


@require_POST
@staff_required
def order_view(request: HttpRequest, item_id: Any) -> HttpResponse:
    """The case worker answers a chat export's day/month order: the export is read again."""
    item = get_item_for(request.user, item_id)
    if not ChatImport.objects.filter(item=item, status=ChatImport.Status.IMPORTED).exists():
        raise Http404
    if request.POST.get("back") == "timeline":
        back = _timeline_url(item.alert) + "#import-problems"
    else:
        back = reverse("evidence:item", args=[item.pk])
    order = request.POST.get("order", "")
    if order not in ORDERS:
        messages.error(request, _("Choose one of the two dates."))
        return redirect(back)
    try:
        reread_dates(
            item=item, day_first=order == "day", actor=request.user, actor_kind=ActorKind.STAFF
        )
    except ValueError:  # a date was corrected by hand: reading again would undo it
        messages.error(
            request,
            _(
                "A date of this chat was corrected by hand, so its dates are not read again: "
                "that correction would be lost. Nothing was changed."
            ),
        )
        return redirect(back)
    messages.success(request, _("The chat was read again in the order you chose."))
    return redirect(back)
