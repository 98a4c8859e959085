"""Closing a case with its outcome: the school's direction alone, proved in the log (issue 12).

Split from relais/cases/services.py, which re-exports these.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.accounts.models import Role
from relais.cases import proof_events, workflow
from relais.cases.access import is_school_side
from relais.cases.errors import CaseError
from relais.cases.guards import lock_open, refresh
from relais.cases.models import Case, Outcome
from relais.cases.steps import check_visible

# The confirmation page's token: signed with a salt of its own (a token of another feature never
# passes), bound to the case, the member and the outcome shown, and valid long enough to read the
# page and ask a colleague, not long enough for a page left open overnight to close a case.
CONFIRM_SALT = "relais.cases.close-confirmation"
CONFIRM_MAX_AGE = timedelta(minutes=30)


def _confirmed_value(case: Case, user: Any, outcome: str) -> str:
    return f"{case.pk}:{user.pk}:{outcome}"


def confirmation_token(case: Case, user: Any, outcome: str) -> str:
    """What the confirmation page carries: closing the case takes that page's POST."""
    signer = signing.TimestampSigner(salt=CONFIRM_SALT)
    return signer.sign(_confirmed_value(case, user, outcome))


def confirmation_refused(token: str, case: Case, user: Any, outcome: str) -> str:
    """Why ``token`` does not confirm closing ``case`` with ``outcome`` by ``user``, in words;
    "" when it does."""
    if not token:
        # An old page or a hand-made POST: nothing to match, only the confirmation is missing.
        return _(
            "Closing a case takes this page's confirmation: nothing was closed. Check the "
            "outcome, then confirm."
        )
    signer = signing.TimestampSigner(salt=CONFIRM_SALT)
    try:
        value = signer.unsign(token, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        return _(
            "This confirmation has expired (after 30 minutes): nothing was closed. "
            "Check the outcome and confirm again."
        )
    except signing.BadSignature:
        value = ""
    if not value or value != _confirmed_value(case, user, outcome):
        return _(
            "This confirmation does not match this case and outcome: nothing was closed. "
            "Check the outcome and confirm again."
        )
    return ""


def may_close(user: Any, case: Case) -> bool:
    """Who closes a case: its school's direction alone."""
    return is_school_side(user, case) and user.role == Role.DIRECTION


def close_case(*, case: Case, by: Any, outcome: str, now: datetime | None = None) -> Case:
    """Close the case with its outcome: the school's direction alone. Proved (case.closed)."""
    check_visible(by, case)
    if not may_close(by, case):
        raise CaseError(_("Only the school's direction closes a case."))
    if outcome not in Outcome.values:
        raise CaseError(_("Choose how the case ends."))
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_open(case)
        locked.closed_at, locked.outcome = now, outcome
        entry = proof_events.case_closed(case=locked)
        workflow.move(
            locked,
            "close",
            by=workflow.SCHOOL,
            actor=by,
            audit_on=locked,
            changes={"closed_at": now, "outcome": outcome},
            proof=entry,
            kind=outcome,
        )
    refresh(case, locked)
    return locked
