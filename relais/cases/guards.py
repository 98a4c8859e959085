"""Checks every write on a case starts with: the writer is of the case's school, the case is open.

Shared by relais/cases/services.py and relais/cases/people.py.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from relais.cases.access import is_school_side
from relais.cases.errors import CaseError
from relais.cases.models import Case, CaseState
from relais.cases.steps import check_visible


def school_member(by: Any, case: Case) -> None:
    check_visible(by, case)
    if not is_school_side(by, case):
        raise CaseError(_("Only the school's team may change this."))


def lock_open(case: Case) -> Case:
    locked = Case.objects.select_for_update().select_related("school").get(pk=case.pk)
    if locked.state != CaseState.OPEN:
        raise CaseError(_("This case is closed: nothing more can be changed."))
    return locked


def refresh(case: Case, fresh: Case) -> None:
    """The caller's instance reads what was stored."""
    for field in Case._meta.concrete_fields:
        setattr(case, field.attname, getattr(fresh, field.attname))
