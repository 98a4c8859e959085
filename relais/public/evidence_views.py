"""The reporter adds files to their evidence vault from the mailbox (HTML form, no JavaScript).

One form sends one or several files (`<input type=file multiple>`): each is sealed on its own,
and the answer says which were kept and which were refused, and why. The body is read by the
vault's own upload handler (relais.evidence.uploads), which must be in place before anything
reads request.POST: hence csrf_exempt on the outer view and csrf_protect on the inner one, as
Django's documentation prescribes for custom upload handlers. (relais.public.access reads only the
cookie, so a closed mailbox is answered before the body is read.)
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
from relais.evidence.uploads import MAX_FILES_PER_FORM, Received, Upload
from relais.public.access import mailbox_required
from relais.public.mailbox import mailbox_context, page_title


def _refused(request: HttpRequest, status: int, message: str, form: EvidenceForm | None = None):
    context = {"section": page_title(), "message": message, "form": form}
    return render(request, "public/mailbox_files_refused.html", context, status=status)


@csrf_exempt
@mailbox_required
@require_POST
def mailbox_evidence(request: HttpRequest, alert: Alert) -> HttpResponse:
    upload = Upload(request, max_bytes=settings.EVIDENCE_MAX_BYTES, max_files=MAX_FILES_PER_FORM)
    with upload:
        try:
            upload.check_length()
        except Refused as refusal:
            return _refused(request, refusal.status, refusal.message)
        return _receive(request, upload=upload, alert=alert)


@csrf_protect
def _receive(request: HttpRequest, *, upload: Upload, alert: Alert) -> HttpResponse:
    try:
        data, files = upload.read_many()
    except Refused as refusal:
        return _refused(request, refusal.status, refusal.message)
    form = EvidenceForm(data=data)
    if not form.is_valid():  # nothing is kept: the leftovers are discarded on exit
        return _refused(request, 422, _("Some details need your attention."), form)
    sealed: list[Received] = []
    refused: list[Received] = []
    for received in files:
        if received.blob is not None:
            try:
                seal_evidence(alert=alert, blob=received.blob, **form.values())
            except Refused as refusal:
                received.refusal, received.blob = refusal, None
        (refused if received.refusal is not None else sealed).append(received)
    if not refused:  # all kept: back to the list, which says how many (a reload sends nothing)
        url = reverse("public:mailbox_files") + f"?added={len(sealed)}#evidence"
        return HttpResponseRedirect(url, status=303)
    # Some kept: the page says which. None: the first refusal's status (413, 415 or 422).
    status = 200 if sealed else refused[0].refusal.status  # type: ignore[union-attr]
    context = {
        **mailbox_context(alert, page="files", section=_("Files")),
        "sealed": sealed,
        "refused": refused,
    }
    return render(request, "public/mailbox_files_sent.html", context, status=status)
