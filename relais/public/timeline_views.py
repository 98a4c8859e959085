"""The reporter's timeline in the mailbox (a plain chronological list, no thumbnails: the phone
may be shared), the link capture form, and the family's corrections: who is who among the
people of its chat exports, an item's date, withdrawing a wrong upload, the day/month order of
an ambiguous chat export (relais.timeline.import_problems). All work without
JavaScript; relais.public.access gives the one alert, and an item is fetched through the vault's
access helper with that alert (404 for anyone else's)."""

from __future__ import annotations

import contextlib
from typing import Any, TypeVar

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from relais.alerts.models import Alert
from relais.audit.models import ActorKind
from relais.evidence.access import get_item_for
from relais.evidence.models import EvidenceItem
from relais.evidence.services import AlreadyWithdrawn, withdraw_evidence
from relais.public.access import mailbox_required
from relais.public.mailbox import mailbox_context, page_title
from relais.public.middleware import reads_form
from relais.timeline.forms import (
    KIND_LABELS,
    ItemDateForm,
    LinkCaptureForm,
    RolesForm,
    WithdrawForm,
)
from relais.timeline.import_problems import (
    ORDERS,
    not_a_chat_sentence,
    reports_for,
    reports_of_item,
)
from relais.timeline.imports import reread_dates
from relais.timeline.links import csam_refusal
from relais.timeline.models import ChatImport
from relais.timeline.selectors import participants_of, timeline_for
from relais.timeline.services import capture_link, correct_occurred_at, set_roles

MAX_SHOWN = 1000
# The item page's two forms that change an item.
F = TypeVar("F", ItemDateForm, WithdrawForm)


@mailbox_required
@require_safe
def mailbox_timeline(request: HttpRequest, alert: Alert) -> HttpResponse:
    timeline = timeline_for(alert)
    context = {
        "section": pgettext("page title", "Dates"),
        "timeline": timeline,
        "import_reports": reports_for(alert),
        "events": timeline.events[:MAX_SHOWN],
        "cut": max(0, len(timeline.events) - MAX_SHOWN),
        "kind_labels": KIND_LABELS,
    }
    return render(request, "public/mailbox_timeline.html", context)


@reads_form
@mailbox_required
@require_POST
def mailbox_link(request: HttpRequest, alert: Alert) -> HttpResponse:
    form = LinkCaptureForm(data=request.POST)
    if not form.is_valid():
        context = {"section": page_title(), "link_form": form}
        return render(request, "public/mailbox_link_refused.html", context, status=422)
    link = capture_link(alert=alert, **form.values())
    if link.sexual_image_of_minor:
        context = {"section": page_title(), "refusal": csam_refusal(alert.school.jurisdiction)}
        return render(request, "public/mailbox_csam_refusal.html", context)
    return HttpResponseRedirect(reverse("public:mailbox_days") + "#links", status=303)


@reads_form
@mailbox_required
@require_http_methods(["GET", "HEAD", "POST"])
def mailbox_people(request: HttpRequest, alert: Alert) -> HttpResponse:
    """Who is who: one choice per person who wrote in the chat exports."""
    people = participants_of(alert)
    form = RolesForm(people, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        set_roles(alert=alert, roles=form.roles())
        return HttpResponseRedirect(reverse("public:mailbox_people") + "?saved=1", status=303)
    context = {
        **mailbox_context(alert, page="days", section=_("Dates")),
        "form": form,
        "people": people,
        "saved": request.GET.get("saved") == "1",
    }
    status = 422 if form.is_bound else 200
    return render(request, "public/mailbox_people.html", context, status=status)


def _own_item(alert: Alert, item_id: Any) -> EvidenceItem:
    return get_item_for(alert, item_id)


def _item_page(
    request: HttpRequest,
    item: EvidenceItem,
    *,
    date_form: ItemDateForm | None = None,
    withdraw_form: WithdrawForm | None = None,
    order_error: str = "",
    status: int = 200,
) -> HttpResponse:
    mine = item.uploaded_by == EvidenceItem.Uploader.REPORTER and not item.withdrawn
    initial = {"occurred_at": item.occurred_at}
    context = {
        **mailbox_context(item.alert, page="files", section=_("Files")),
        "item": item,
        "mine": mine,
        "corrected": item.occurred_at != item.original_occurred_at,
        # Undated: the timeline places it at the time it was sent, and says so.
        "date_sent": item.occurred_at is None,
        "date_form": date_form or ItemDateForm(initial=initial),
        "withdraw_form": withdraw_form or WithdrawForm(),
        "saved": request.GET.get("saved") == "1",
        "import_reports": reports_of_item(item),
        "not_a_chat": not_a_chat_sentence(item),
        "order_error": order_error,
    }
    return render(request, "public/mailbox_item.html", context, status=status)


@mailbox_required
@require_safe
def mailbox_item(request: HttpRequest, alert: Alert, item_id: Any) -> HttpResponse:
    return _item_page(request, _own_item(alert, item_id))


def _not_yours(request: HttpRequest, item: EvidenceItem, **forms: Any) -> HttpResponse | None:
    # Only the family's own uploads, and not once withdrawn: staff items are staff's word.
    if item.uploaded_by != EvidenceItem.Uploader.REPORTER or item.withdrawn:
        return _item_page(request, item, status=409, **forms)
    return None


def _item_form(
    request: HttpRequest, alert: Alert, item_id: Any, form_class: type[F], name: str
) -> tuple[EvidenceItem, F, HttpResponse | None]:
    """The item, its form bound to the POST (shown again as the page's `name` form), and the
    page that refuses it: 409 when it is not the family's to change, 422 when the form is not
    valid; None when the change can be made."""
    item = _own_item(alert, item_id)
    form = form_class(data=request.POST)
    shown: dict[str, Any] = {name: form}
    refused = _not_yours(request, item, **shown)
    if refused is None and not form.is_valid():
        refused = _item_page(request, item, status=422, **shown)
    return item, form, refused


@reads_form
@mailbox_required
@require_POST
def mailbox_item_date(request: HttpRequest, alert: Alert, item_id: Any) -> HttpResponse:
    item, form, refused = _item_form(request, alert, item_id, ItemDateForm, "date_form")
    if refused is not None:
        return refused
    correct_occurred_at(
        target=item,
        occurred_at=form.cleaned_data["occurred_at"],
        actor=None,
        actor_kind=ActorKind.REPORTER,
    )
    return HttpResponseRedirect(_item_url(item) + "?saved=1", status=303)


@reads_form
@mailbox_required
@require_POST
def mailbox_item_withdraw(request: HttpRequest, alert: Alert, item_id: Any) -> HttpResponse:
    item, form, refused = _item_form(request, alert, item_id, WithdrawForm, "withdraw_form")
    if refused is not None:
        return refused
    with contextlib.suppress(AlreadyWithdrawn):  # sent twice: the first one did it
        withdraw_evidence(item=item, reason=form.cleaned_data["reason"])
    return HttpResponseRedirect(_item_url(item), status=303)


def _item_url(item: EvidenceItem) -> str:
    return reverse("public:mailbox_item", args=[item.pk])


# Where the answer to the date-order question goes back to: the page that asked it.
_BACK = {"days": "public:mailbox_days", "all": "public:mailbox_timeline"}


@reads_form
@mailbox_required
@require_POST
def mailbox_item_order(request: HttpRequest, alert: Alert, item_id: Any) -> HttpResponse:
    """The family's answer to "Is 01/03/2024 1 March or 3 January?": the export read again."""
    item = _own_item(alert, item_id)
    if not ChatImport.objects.filter(item=item, status=ChatImport.Status.IMPORTED).exists():
        raise Http404
    refused = _not_yours(request, item)
    if refused is not None:
        return refused
    order = request.POST.get("order", "")
    if order not in ORDERS:
        return _item_page(request, item, order_error=_("Choose one of the two dates."), status=422)
    try:
        reread_dates(item=item, day_first=order == "day", actor=None, actor_kind=ActorKind.REPORTER)
    except ValueError:  # a date was corrected by hand: reading again would undo it
        return _item_page(request, item, order_error=_order_refusal(), status=409)
    back = _BACK.get(request.POST.get("back", ""))
    url = reverse(back) if back else _item_url(item)
    # No fragment: the notice is near the top, and an anchor would put it under the sticky
    # quick-exit bar of a phone.
    return HttpResponseRedirect(url + "?reread=1", status=303)


def _order_refusal() -> str:
    return _(
        "A date of this chat was corrected by hand, so its dates are not read again: that "
        "correction would be lost. Nothing was changed. Correct the other dates the same way, "
        "or ask our team in a message."
    )
