"""A case worker sends a case's proposed escalation to the school's authority, from the alert
page (POST → 303 back to it). Staff only (staff_required); the alert through get_alert_for and the
case among the cases gathering it that this worker may see: anything else is 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from relais.alerts.access import get_alert_for
from relais.cases.access import cases_for
from relais.cases.escalations import send_escalation
from relais.cases.services import CaseError
from relais.staff.access import staff_required


@require_POST
@staff_required
def escalate_view(request: HttpRequest, alert_id: Any, case_id: Any) -> HttpResponse:
    alert = get_alert_for(request.user, alert_id)
    case = cases_for(request.user).filter(links__alert=alert, pk=case_id).first()
    if case is None:
        raise Http404
    try:
        send_escalation(case=case, alert=alert, actor=request.user)
        messages.success(request, pgettext("case escalation", "The escalation is in the outbox."))
    except CaseError as error:
        messages.error(request, str(error.message))
    url = reverse("staff:alert", args=[alert.pk]) + f"#case-{case.pk}"
    return HttpResponseRedirect(url, status=303)
