"""Who opened a case, and who read its real names: the audit rows of reading a case (issue 12).

Opening is recorded once per member per visit (relais.audit.services.VISIT, an hour), as the
staff's opening of an alert: reloads and the page shown again after each action add none.
Reading the real names is a separate row (special-category data, GDPR art. 9), also once per
visit; the page shows the names only when the direction asks for them.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from relais.audit.models import ActorKind, AuditAction
from relais.audit.services import record, record_opening
from relais.cases.access import may_read_names
from relais.cases.models import Case
from relais.evidence.models import EvidenceItem

# The pages that call these are the school's: only a member of the case's school reaches them.
SCHOOL = ActorKind.SCHOOL


def view_case(*, case: Case, user: Any, names: bool = False) -> bool:
    """A school member opens the case page. Returns whether the real names may be shown: only
    when asked (`names`) by the direction, and then the reading is recorded."""
    shown = names and may_read_names(user, case)
    with transaction.atomic():
        record_opening(actor=user, obj=case, action=AuditAction.CASE_VIEWED, actor_kind=SCHOOL)
        if shown:
            record_opening(
                actor=user, obj=case, action=AuditAction.CASE_NAMES_VIEWED, actor_kind=SCHOOL
            )
    return shown


def download_shared_copy(*, case: Case, item: EvidenceItem, user: Any) -> None:
    """A school member downloads the stripped copy shared with the school: recorded each time,
    with the case it was read from."""
    record(
        actor=user,
        actor_kind=SCHOOL,
        action=AuditAction.EVIDENCE_COPY_DOWNLOADED,
        obj=item,
        sha256=item.sha256,
        case=str(case.pk),
    )
