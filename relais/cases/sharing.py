"""The association shares an item's stripped copy with the school, into the school's case.

Issue 10 removed "share with the school" because it reported success while no school could see
anything, and the shared image still showed a handle and a class. It comes back with both fixed:
a copy is shared only when the school has a case that gathers the item's alert (its case page
lists the copy, relais/cases/page.py), and only when the text the school would read (the image's
OCR text, a text file's content) passes the notices' redaction check (relais.notices.sharing),
or, when it does not, with a reason the case worker writes to share anyway, as a notice is sent
despite the check: the reason is kept in the audit row and shown on the item's page. As for a
notice, the case worker may instead confirm that the possible names the check found (a capitalised
"Relevé") are not names; a phone number, an address, a handle or a name from the alert never is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from relais.audit.models import AuditAction, AuditEvent
from relais.audit.services import object_type, record
from relais.cases.errors import CaseError
from relais.cases.models import Case, CaseState
from relais.evidence.models import EvidenceItem, Share
from relais.evidence.services import NotShareable, plaintext, share_item
from relais.notices import redaction
from relais.notices.compose import Check
from relais.notices.sharing import check_for_school

# A text file is read whole for the check; longer ones are not shared (a chat export is not).
MAX_TEXT_BYTES = 200_000


class SharingBlocked(CaseError):
    """The redaction check found what could identify people in the text the school would read."""

    def __init__(
        self, message: Any, check: Check, unconfirmed: list[redaction.Finding] | None = None
    ) -> None:
        super().__init__(message)
        self.check = check
        # The possible names not confirmed (yet): their boxes are shown unticked.
        self.unconfirmed = check.possible if unconfirmed is None else unconfirmed


def school_case(item: EvidenceItem) -> Case | None:
    """The open case of the item's school that gathers the item's alert, if there is one."""
    return (
        Case.objects.filter(
            school_id=item.alert.school_id, links__alert_id=item.alert_id, state=CaseState.OPEN
        )
        .order_by("opened_at")
        .first()
    )


def text_for_school(item: EvidenceItem) -> str | None:
    """What the school could read in the copy: an image's OCR text ("" when none was found),
    a text file's content; None while an image's text has not been read yet."""
    if item.kind == EvidenceItem.Kind.TEXT:
        if item.size > MAX_TEXT_BYTES:
            raise CaseError(_("This text file is too long to be checked for names: not shared."))
        return b"".join(plaintext(item)).decode("utf-8", errors="replace")
    ocr = getattr(item, "ocr", None)
    if ocr is None:
        return None
    return str(ocr.text)


# A reason to share anyway is kept in the audit row: as long as a notice's (relais/notices/forms).
MAX_REASON = 2000


def share_with_school(
    *, item: EvidenceItem, by: Any, reason: str | None = None, not_names: Iterable[str] = ()
) -> tuple[Share, Case]:
    """Share the item's stripped copy with its alert's school, in the school's open case, once
    its text passed the redaction check; CaseError (SharingBlocked with the check) otherwise,
    nothing stored. As a notice can be sent, a copy whose text the check blocks can be shared
    anyway with a written ``reason`` (None: no reason was asked for; "": the case worker asked
    to share anyway without one), kept in the item's audit row
    (EVIDENCE_SHARED_DESPITE_CHECK, with what the check found). Audited on the item
    (EVIDENCE_SHARED) and on the case (CASE_EVIDENCE_ADDED). The caller checked that `by`
    handles the item's alert (relais.evidence.access). ``not_names``: words the case worker
    confirmed are not names; they unblock only the check's possible names, and those confirmed
    are kept in the share's audit row (``words``), as a notice keeps them."""
    case = school_case(item)
    if case is None:
        raise CaseError(
            _(
                "The school has no open case for this alert: it would see nothing. Once the "
                "school opens a case from the notice, share the copy from here."
            )
        )
    text = text_for_school(item)
    if text is None:
        raise CaseError(_("The text of this image has not been read yet: try again in a minute."))
    # The whole check, so that the page lists every possible name with its box; only those it
    # found can be confirmed (any other word sent is ignored, and never stored).
    check = check_for_school(item.alert, text)
    unconfirmed = redaction.unconfirmed(check.possible, not_names)
    confirmed = [finding.text for finding in check.possible if finding not in unconfirmed]
    blocking = check.findings + unconfirmed
    written = (reason or "").strip()
    if blocking and not written:
        if reason is not None:
            message = _("Not shared: write why the copy must be shared anyway.")
        elif confirmed and not check.findings:
            message = _(
                "Not shared: tick every word that is not a name, or share anyway with a reason."
            )
        else:
            message = _("Not shared: the text read in this file holds what could identify people.")
        raise SharingBlocked(message, check, unconfirmed)
    if blocking and len(written) > MAX_REASON:
        raise SharingBlocked(
            _("Not shared: the reason is too long (at most %(max)d characters).")
            % {"max": MAX_REASON},
            check,
            unconfirmed,
        )
    with transaction.atomic():
        try:
            share = share_item(item=item, school=case.school, by=by, words=confirmed)
        except NotShareable:
            raise CaseError(
                _("This kind of file has no copy without metadata: it cannot be shared.")
            ) from None
        if blocking:
            # What was overridden: the confirmed words are in the share's row, not counted here.
            found = blocking
            record(
                actor=by,
                action=AuditAction.EVIDENCE_SHARED_DESPITE_CHECK,
                obj=item,
                case=str(case.pk),
                found=len(found),
                kinds=sorted({finding.kind for finding in found}),
                reason=written,
            )
        record(actor=by, action=AuditAction.CASE_EVIDENCE_ADDED, obj=case, sha256=item.sha256)
    return share, case


def override_of(item: EvidenceItem) -> AuditEvent | None:
    """The last time the item was shared despite the redaction check (its reason in
    ``details["reason"]``), if it was."""
    return (
        AuditEvent.objects.filter(
            object_type=object_type(item),
            object_id=str(item.pk),
            action=AuditAction.EVIDENCE_SHARED_DESPITE_CHECK,
        )
        .select_related("actor")
        .order_by("-at")
        .first()
    )
