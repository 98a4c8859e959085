"""The reporter adds a file to their evidence vault from the mailbox (HTML form, no JavaScript).

The body is read by the vault's own upload handler (relais.evidence.uploads), which must be in
place before anything reads request.POST: hence csrf_exempt on the outer view and csrf_protect on
the inner one, as Django's documentation prescribes for custom upload handlers.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from relais.alerts.models import Alert
from relais.evidence.forms import EvidenceForm
from relais.evidence.intake import Refused
from relais.evidence.services import seal_evidence
from relais.evidence.uploads import Upload
from relais.mailbox.services import COOKIE, alert_for_token


def _refused(request: HttpRequest, status: int, message: str, form: EvidenceForm | None = None):
    context = {"section": _("Mailbox"), "message": message, "form": form}
    return render(request, "evidence/mailbox_refused.html", context, status=status)


@csrf_exempt
@require_POST
def mailbox_evidence(request: HttpRequest) -> HttpResponse:
    alert = alert_for_token(request.COOKIES.get(COOKIE, ""))
    if alert is None:
        message = _("Your mailbox was closed. Open it again with your receipt, then send the file.")
        return _refused(request, 401, message)
    with Upload(request, max_bytes=settings.EVIDENCE_MAX_BYTES) as upload:
        try:
            upload.check_length()
        except Refused as refusal:
            return _refused(request, refusal.status, refusal.message)
        return _receive(request, upload=upload, alert=alert)


@csrf_protect
def _receive(request: HttpRequest, *, upload: Upload, alert: Alert) -> HttpResponse:
    try:
        data, blob = upload.read()
        form = EvidenceForm(data=data)
        if not form.is_valid():
            return _refused(request, 422, _("Some details need your attention."), form)
        seal_evidence(alert=alert, blob=blob, **form.values())
    except Refused as refusal:
        return _refused(request, refusal.status, refusal.message)
    return HttpResponseRedirect(reverse("public:mailbox") + "#evidence", status=303)
