"""Staff pages of the vault: upload to an alert, an item's page, its copies and its original.

Every item is fetched through access.get_item_for (404 otherwise) and every look at its content
is audited. What leaves by default is the stripped copy; the sealed original (and the EXIF
facts) only through an explicit action, recorded.

"Share with the school" puts the stripped copy in the school's case, and only there: without a
case that gathers the alert, or with a name in the text the school would read, nothing is shared
and the page says why (relais/cases/sharing.py; issue 10 had removed a button that reported a
success no school could see); what the check found can be shared anyway with a written reason,
which the page then shows, and possible names can be ticked "not a name" (a plain POST).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from relais.alerts.access import get_alert_for
from relais.alerts.models import Alert
from relais.audit.models import AuditAction
from relais.cases import sharing
from relais.cases.errors import CaseError
from relais.evidence import services
from relais.evidence.access import get_item_for, may_open_original
from relais.evidence.download import file_name, stream
from relais.evidence.forms import EvidenceForm
from relais.evidence.intake import Refused
from relais.evidence.models import EvidenceCopy, EvidenceItem
from relais.evidence.uploads import Upload
from relais.notices.forms import NotNamesField
from relais.staff.access import staff_required


@csrf_exempt
@require_POST
@staff_required
def upload_view(request: HttpRequest, alert_id: Any) -> HttpResponse:
    alert = get_alert_for(request.user, alert_id)
    with Upload(request, max_bytes=settings.EVIDENCE_STAFF_MAX_BYTES) as upload:
        try:
            upload.check_length()
        except Refused as refusal:
            return _back(request, alert, refusal.message, refusal.status)
        return _receive(request, upload=upload, alert=alert)


@csrf_protect
def _receive(request: HttpRequest, *, upload: Upload, alert: Alert) -> HttpResponse:
    try:
        data, blob = upload.read()
        form = EvidenceForm(data=data)
        if not form.is_valid():
            errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
            return _back(request, alert, errors, 422)
        services.seal_evidence(alert=alert, blob=blob, staff=request.user, **form.values())
    except Refused as refusal:
        return _back(request, alert, refusal.message, refusal.status)
    messages.success(request, _("The file was sealed in the vault."))
    return redirect(reverse("staff:alert", args=[alert.pk]) + "#evidence", permanent=False)


def _back(request: HttpRequest, alert: Alert, message: str, status: int) -> HttpResponse:
    context = {"alert": alert, "message": message}
    return render(request, "evidence/staff_refused.html", context, status=status)


@require_GET
@staff_required
def item_view(request: HttpRequest, item_id: Any) -> HttpResponse:
    return _item_page(request, get_item_for(request.user, item_id))


def _item_page(
    request: HttpRequest, item: EvidenceItem, refusal: CaseError | None = None, reason: str = ""
) -> HttpResponse:
    with transaction.atomic():
        services.record_view(item=item, actor=request.user, action=AuditAction.EVIDENCE_VIEWED)
        facts = services.facts_of(item) if may_open_original(request.user, item) else {}
    context = {
        "item": item,
        "facts": facts,
        "shareable": services.shareable_copy(item) is not None,
        "school_case": sharing.school_case(item),
        "shared": item.shares.filter(school_id=item.alert.school_id).exists(),
        "refusal": refusal,
        "check": getattr(refusal, "check", None),
        "unconfirmed": getattr(refusal, "unconfirmed", []),  # possible names not ticked
        "reason": reason,  # a reason to share anyway, as it was sent
        "override": sharing.override_of(item),
        "thumbnail": item.copies.filter(kind=EvidenceCopy.Kind.THUMBNAIL).exists(),
    }
    return render(request, "evidence/staff_item.html", context, status=400 if refusal else 200)


@require_POST
@staff_required
def share_view(request: HttpRequest, item_id: Any) -> HttpResponse:
    """Share the stripped copy with the alert's school, in its case (relais.cases.sharing)."""
    item = get_item_for(request.user, item_id)
    # Only the "share anyway" form, shown once the check found something, sends a reason; only
    # the "not a name" boxes, shown once it found possible names, send words.
    reason = request.POST.get("reason")
    try:
        not_names = NotNamesField(required=False).clean(request.POST.getlist("not_names"))
    except forms.ValidationError as error:
        return _item_page(request, item, CaseError(" ".join(error.messages)), reason or "")
    try:
        _share, case = sharing.share_with_school(
            item=item, by=request.user, reason=reason, not_names=not_names
        )
    except CaseError as refusal:
        return _item_page(request, item, refusal, reason or "")
    messages.success(
        request,
        _("The copy without metadata is in the school's case %(number)s.")
        % {"number": case.number},
    )
    return redirect(reverse("evidence:item", args=[item.pk]) + "#copies-title")


@require_GET
@staff_required
def copy_view(request: HttpRequest, item_id: Any) -> HttpResponse:
    item = get_item_for(request.user, item_id)
    copy = services.shareable_copy(item)
    if copy is None:
        return _back(request, item.alert, _("This file has no copy without metadata."), 404)
    with transaction.atomic():
        services.record_view(
            item=item, actor=request.user, action=AuditAction.EVIDENCE_COPY_DOWNLOADED
        )
    return stream(copy, copy.media_type, file_name(item, copy.media_type, "copy"), inline=False)


@require_GET
@staff_required
def thumbnail_view(request: HttpRequest, item_id: Any) -> HttpResponse:
    item = get_item_for(request.user, item_id)
    thumbnail = item.copies.filter(kind=EvidenceCopy.Kind.THUMBNAIL).first()
    if thumbnail is None:
        return HttpResponse(status=404)
    with transaction.atomic():
        services.record_view(
            item=item, actor=request.user, action=AuditAction.EVIDENCE_THUMBNAIL_VIEWED
        )
    return stream(thumbnail, thumbnail.media_type, "thumbnail.jpg", inline=True)


@require_POST
@staff_required
def original_view(request: HttpRequest, item_id: Any) -> HttpResponse:
    item = get_item_for(request.user, item_id)
    if not may_open_original(request.user, item):
        return render(request, "staff/forbidden.html", status=403)
    with transaction.atomic():
        services.record_view(
            item=item, actor=request.user, action=AuditAction.EVIDENCE_ORIGINAL_DOWNLOADED
        )
    name = f"evidence-{item.sha256[:12]}-original.bin"
    return stream(item, "application/octet-stream", name, inline=False)
