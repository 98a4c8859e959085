"""Gathering one more alert in a school case (the same bullying, reported twice): by the
association for an alert it handles, or by the school through a notice it acknowledged."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from relais.alerts.models import Alert
from relais.audit.models import AuditAction
from relais.audit.services import record
from relais.cases.access import is_school_side
from relais.cases.errors import CaseError
from relais.cases.guards import lock_open
from relais.cases.models import Case, CaseAlert
from relais.cases.steps import actor_kind, check_visible
from relais.notices.models import Notice, NoticeState


def link_alert(*, case: Case, alert: Alert, by: Any, notice: Notice | None = None) -> CaseAlert:
    """Gather one more alert in the case (the same bullying, reported twice).

    The association adds an alert its organisation handles, about the case's school, to a case
    it already follows (it sees no other). The school adds the alert of a notice it
    acknowledged (``notice`` required): it knows an alert only through its notice. A notice is in
    one case at most. Audited as a change of the case (CASE_CHANGED, the alert's id)."""
    check_visible(by, case)
    if alert.school_id != case.school_id:
        raise CaseError(_("This alert is about another school."))
    if is_school_side(by, case):
        if notice is None or notice.alert_id != alert.pk:
            raise CaseError(_("The school adds an alert through the notice it received."))
        if notice.state != NoticeState.ACKNOWLEDGED:
            raise CaseError(_("Acknowledge the notice before adding it to a case."))
    elif not (getattr(by, "handles_alerts", False) and alert.organisation_id == by.organisation_id):
        raise CaseError(_("Only the school and the association that handles it add an alert."))
    with transaction.atomic():
        locked = lock_open(case)
        if CaseAlert.objects.filter(case=locked, alert=alert).exists():
            raise CaseError(_("This alert is already in the case."))
        if notice is not None and CaseAlert.objects.filter(notice=notice).exists():
            raise CaseError(_("This notice is already in a case."))
        link = CaseAlert.objects.create(case=locked, alert=alert, notice=notice)
        record(
            actor=by,
            actor_kind=actor_kind(by),
            action=AuditAction.CASE_CHANGED,
            obj=locked,
            alert=str(alert.pk),
        )
    return link
