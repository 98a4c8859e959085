"""Case workers' notice page: compose, check, send, follow the outbox, escalate.

Same protection as the staff pages (staff_required), and every alert through get_alert_for.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from relais.alerts.access import get_alert_for
from relais.alerts.models import Alert
from relais.alerts.services import record_staff_view
from relais.alerts.workflow import Status, allowed
from relais.notices import compose, deadlines, redaction, services
from relais.notices.forms import NoticeForm
from relais.notices.models import (
    EscalationProposal,
    EscalationState,
    NoticeState,
    OutboxMessage,
    OutboxState,
)
from relais.schools.models import fold
from relais.staff.access import staff_required


def _render(
    request: HttpRequest,
    alert: Alert,
    *,
    form: NoticeForm | None = None,
    blocked: list[Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    notice = services.latest_notice(alert)
    editable = notice is None or notice.state in (NoticeState.DRAFT, NoticeState.FAILED)
    facts = notice.facts if notice else ""
    if form is None and editable:
        if notice is not None:
            subject, body = notice.subject, notice.body
        else:
            subject, body = compose.draft_for(alert)
        form = NoticeForm(initial={"subject": subject, "body": body, "facts": facts})
    if form is not None and form.is_bound and form.is_valid():
        subject, body = form.cleaned_data["subject"], form.cleaned_data["body"]
        facts = form.cleaned_data["facts"]
    elif form is not None:
        subject, body = form.initial.get("subject", ""), form.initial.get("body", "")
    else:
        subject, body = notice.subject if notice else "", notice.body if notice else ""
    check = compose.check_notice(alert, subject, body, facts=facts)
    confirmed: list[str] = []  # words the case worker ticked as "not a name"
    if form is not None and form.is_bound and form.is_valid():
        confirmed = form.cleaned_data["not_names"]
    outgoing = (
        OutboxMessage.objects.filter(notice__alert=alert)
        .prefetch_related("tries")
        .order_by("created_at")
    )
    proposal = EscalationProposal.objects.filter(notice=notice).first() if notice else None
    context = {
        "alert": alert,
        "notice": notice,
        "form": form if editable else None,
        "check": check,
        "unconfirmed": redaction.unconfirmed(check.possible, confirmed),
        "not_names": {fold(word) for word in confirmed},
        "blocked": blocked,
        "can_send": allowed(alert.status, Status.NOTICE_SENT),
        "outgoing": outgoing,
        "resendable": [
            m
            for m in outgoing
            if m.kind == "notice" and m.state in (OutboxState.UNKNOWN, OutboxState.FAILED)
        ],
        "proposal": proposal,
        "proposal_open": proposal is not None and proposal.state == EscalationState.PROPOSED,
        "dates": deadlines.notice_dates_for(alert),
        "acknowledgment": getattr(notice, "acknowledgment", None) if notice else None,
    }
    return render(request, "notices/notice.html", context, status=status)


@require_GET
@staff_required
def notice_view(request: HttpRequest, alert_id: Any) -> HttpResponse:
    alert = get_alert_for(request.user, alert_id)
    # The redaction check quotes the alert's content: opening the page is a view of the alert.
    record_staff_view(alert=alert, actor=request.user)
    return _render(request, alert)


@require_POST
@staff_required
def compose_view(request: HttpRequest, alert_id: Any) -> HttpResponse:
    alert = get_alert_for(request.user, alert_id)
    form = NoticeForm(request.POST)
    if not form.is_valid():
        return _render(request, alert, form=form, status=400)
    data = form.cleaned_data
    try:
        if request.POST.get("action") == "send":
            services.send_notice(
                alert=alert,
                actor=request.user,
                subject=data["subject"],
                body=data["body"],
                override_reason=data["override_reason"],
                not_names=data["not_names"],
                facts=data["facts"],
            )
            messages.success(request, _("The notice is in the outbox; it will be sent shortly."))
        else:
            services.save_notice(
                alert=alert,
                actor=request.user,
                subject=data["subject"],
                body=data["body"],
                facts=data["facts"],
            )
            messages.success(request, _("Draft saved and checked."))
    except services.RedactionBlocked as blocked:
        return _render(request, alert, form=form, blocked=blocked.findings, status=400)
    except ValidationError as error:
        for text in error.messages:
            form.add_error(None, text)
        return _render(request, alert, form=form, status=400)
    return redirect("notices:notice", alert_id=alert.pk)


@require_POST
@staff_required
def resend_view(request: HttpRequest, alert_id: Any) -> HttpResponse:
    alert = get_alert_for(request.user, alert_id)
    notice = services.latest_notice(alert)
    if notice is None:
        messages.error(request, _("There is no notice to send again."))
        return redirect("notices:notice", alert_id=alert.pk)
    try:
        services.resend_notice(notice=notice, actor=request.user)
        messages.success(request, _("The notice is back in the outbox, with the same Message-ID."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("notices:notice", alert_id=alert.pk)


@require_POST
@staff_required
def escalate_view(request: HttpRequest, alert_id: Any) -> HttpResponse:
    alert = get_alert_for(request.user, alert_id)
    proposal = (
        EscalationProposal.objects.filter(notice__alert=alert).order_by("-created_at").first()
    )
    if proposal is None:
        messages.error(request, _("No escalation has been proposed for this alert."))
        return redirect("notices:notice", alert_id=alert.pk)
    try:
        deadlines.send_escalation(proposal=proposal, actor=request.user)
        messages.success(request, _("The escalation is in the outbox."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("notices:notice", alert_id=alert.pk)
