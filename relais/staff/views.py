"""The inbox and the alert page. Every alert is fetched through get_alert_for (404 otherwise)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from relais.alerts.access import get_alert_for
from relais.alerts.forms import MessageForm
from relais.alerts.models import Alert
from relais.alerts.services import move_alert, post_staff_message
from relais.audit.models import AuditEvent
from relais.cases.association import (
    cases_of_alert,
    follow_ups,
    get_case_of_alert,
    open_case_for_alert,
)
from relais.cases.models import Case, NoteAudience
from relais.cases.services import CaseError, write_note
from relais.staff import inbox
from relais.staff.access import staff_required
from relais.staff.deadlines import next_deadlines
from relais.staff.display import alert_facts, trail_rows
from relais.staff.forms import CaseNoteForm, InboxFilterForm, MoveForm
from relais.staff.services import open_alert, open_cases

TRAIL_LENGTH = 100


@require_GET
@staff_required
def inbox_view(request: HttpRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET or None, schools=inbox.schools_with_alerts(request.user))
    filters: dict[str, str] = {}
    if form.is_bound:
        form.is_valid()
        # Fields that failed validation are simply not applied; the form shows why.
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    result = inbox.page(request.user, filters, request.GET.get("after", ""))
    next_query = ""
    if result.next_cursor:
        query = request.GET.copy()
        query["after"] = result.next_cursor
        next_query = query.urlencode()
    deadlines = next_deadlines(result.alerts)
    context = {
        "form": form,
        "alerts": result.alerts,
        "rows": [(alert, deadlines.get(alert.pk)) for alert in result.alerts],
        "next_query": next_query,
        "paged": bool(request.GET.get("after")),
    }
    return render(request, "staff/inbox.html", context)


def _render_alert(
    request: HttpRequest,
    alert: Alert,
    *,
    reply: MessageForm | None = None,
    move: MoveForm | None = None,
    note: CaseNoteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The alert page. Rendering it shows the alert's content: it is read from now on, and the
    opening is recorded (once per visit, see services.open_alert), as is each school case it
    shows (relais.cases.association: its progress, never its pupils' details)."""
    open_alert(alert=alert, user=request.user)
    cases = cases_of_alert(request.user, alert)
    open_cases(cases=cases, user=request.user)
    case_rows = [
        (follow, _note_form(follow.case, note))
        for follow in follow_ups(cases, alert=alert, now=timezone.now())
    ]
    trail = (
        AuditEvent.objects.filter(object_type=Alert._meta.label_lower, object_id=str(alert.pk))
        .select_related("actor")
        .order_by("-at", "-id")[:TRAIL_LENGTH]
    )
    context = {
        "alert": alert,
        "facts": alert_facts(alert),
        "thread": alert.messages.select_related("staff_user"),
        "reply_form": reply or MessageForm(),
        "move_form": move or MoveForm(current=alert.status),
        "trail": trail_rows(trail),
        "case_rows": case_rows,
    }
    return render(request, "staff/alert.html", context, status=status)


def _note_form(case: Case, posted: CaseNoteForm | None) -> CaseNoteForm:
    """The case's form to write to the school: the one just posted, with its errors, if it was
    this case's."""
    if posted is not None and posted.case_id == case.pk:
        return posted
    return CaseNoteForm(case_id=case.pk)


@require_GET
@staff_required
def alert_view(request: HttpRequest, alert_id: Any) -> HttpResponse:
    return _render_alert(request, get_alert_for(request.user, alert_id))


@require_POST
@staff_required
def reply_view(request: HttpRequest, alert_id: Any) -> HttpResponse:
    alert = get_alert_for(request.user, alert_id)
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _render_alert(request, alert, reply=form, status=400)
    post_staff_message(alert=alert, actor=request.user, body=form.cleaned_data["body"])
    messages.success(request, _("Your reply was sent to the reporter's mailbox."))
    return redirect("staff:alert", alert_id=alert.pk)


@require_POST
@staff_required
def move_view(request: HttpRequest, alert_id: Any) -> HttpResponse:
    alert = get_alert_for(request.user, alert_id)
    form = MoveForm(request.POST, current=alert.status)
    if form.is_valid():
        try:
            move_alert(
                alert=alert,
                to=form.cleaned_data["to"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            field = "reason" if error.code == "reason_required" else "to"
            form.add_error(field, error)
        else:
            messages.success(request, _("The status was changed."))
            return redirect("staff:alert", alert_id=alert.pk)
    return _render_alert(request, alert, move=form, status=400)


@require_POST
@staff_required
def case_note_view(request: HttpRequest, alert_id: Any, case_id: Any) -> HttpResponse:
    """The association writes to the school within a case gathering this alert (303 to the
    case's section); a case it may not see, or one that does not gather this alert, is 404."""
    alert = get_alert_for(request.user, alert_id)
    case = get_case_of_alert(request.user, alert, case_id)
    form = CaseNoteForm(request.POST, case_id=case.pk)
    if form.is_valid():
        try:
            write_note(
                case=case,
                by=request.user,
                body=form.cleaned_data["body"],
                audience=NoteAudience.ASSOCIATION,
            )
        except CaseError as error:
            form.add_error("body", error.message)
        else:
            messages.success(request, _("Your message was added to the school's case."))
            to = reverse("staff:alert", args=[alert.pk]) + f"#case-{case.pk}"
            return HttpResponseRedirect(to, status=303)
    return _render_alert(request, alert, note=form, status=400)


@require_POST
@staff_required
def open_case_view(request: HttpRequest, alert_id: Any) -> HttpResponse:
    """The association opens the school's case for this alert when none gathers it (303 to the
    new case's section; a case already there: the message says so, 303 to the page)."""
    alert = get_alert_for(request.user, alert_id)
    to = reverse("staff:alert", args=[alert.pk])
    try:
        case = open_case_for_alert(alert=alert, by=request.user)
    except CaseError as error:
        messages.error(request, str(error.message))
        return HttpResponseRedirect(to, status=303)
    # The school is told by e-mail at its official address (relais.cases.opened_mail); without
    # one, nothing was sent, and only the case worker can tell it.
    address = case.school.direction_email
    if address:
        messages.success(
            request,
            _(
                "The school's case is open; an e-mail tells the school so at its official "
                "address, %(address)s."
            )
            % {"address": address},
        )
    else:
        messages.warning(
            request,
            _(
                "The school's case is open, but Relais has no official address for this school: "
                "no e-mail told it. Tell the school another way (by telephone, for instance) "
                "that its case is waiting in Relais."
            ),
        )
    return HttpResponseRedirect(to + f"#case-{case.pk}", status=303)
