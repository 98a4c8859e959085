"""The people of a case under their pseudonyms, and the notes written in it (issue 12).

Split from relais/cases/services.py, which re-exports these; the same rules hold: each write is
one transaction with its audit row, bad input raises CaseError before anything is stored.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from relais.accounts.models import Role
from relais.audit.models import AuditAction
from relais.audit.services import record
from relais.cases.access import is_school_side
from relais.cases.earlier_texts import record_found
from relais.cases.errors import CaseError
from relais.cases.guards import lock_open, school_member
from relais.cases.models import (
    MAX_NOTE,
    Case,
    CaseNote,
    CasePerson,
    CaseState,
    NoteAudience,
    PersonRole,
)
from relais.cases.names import refuse_real_names
from relais.cases.reporter_guard import refuse_for_association
from relais.cases.steps import actor_kind, check_visible

# The pseudonyms' word, in the schools' language: both shipped jurisdictions (be-fwb, fr) teach
# in French. A label is stored, not translated: "Élève A" is what the school's papers say.
PUPIL_WORD = "Élève"


# --- People -------------------------------------------------------------------------------------


def _label(index: int) -> str:
    """ "Élève A" ... "Élève Z", "Élève AA", "Élève AB"...: the n-th person of the case."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{PUPIL_WORD} {letters}"


def _clean_person(
    by: Any, case: Case, role: Any, real_name: str, class_name: str, *, names: bool
) -> None:
    """``names``: the real name is written (or erased): the direction's alone."""
    if role not in PersonRole.values:
        raise CaseError(_("Choose the person's role in the case."))
    if names and not (is_school_side(by, case) and by.role == Role.DIRECTION):
        raise CaseError(_("Only the school's direction writes a real name."))
    if len(real_name) > CasePerson._meta.get_field("real_name").max_length:  # type: ignore[operator]
        raise CaseError(_("This name is too long."))
    if len(class_name) > CasePerson._meta.get_field("class_name").max_length:  # type: ignore[operator]
        raise CaseError(_("This class name is too long."))


def add_person(
    *, case: Case, by: Any, role: str, real_name: str = "", class_name: str = ""
) -> CasePerson:
    """Add a person under the next pseudonym ("Élève A", then "Élève B"...). The real name is
    written by the direction alone. Audited (never the name); not proved: the log is public."""
    school_member(by, case)
    real_name, class_name = real_name.strip(), class_name.strip()
    _clean_person(by, case, role, real_name, class_name, names=bool(real_name))
    with transaction.atomic():
        locked = lock_open(case)
        # Under the case's lock, the count is the next free letter (people are never removed).
        person = CasePerson.objects.create(
            case=locked,
            role=role,
            label=_label(CasePerson.objects.filter(case=locked).count()),
            real_name=real_name,
            class_name=class_name,
        )
        record(
            actor=by,
            actor_kind=actor_kind(by),
            action=AuditAction.CASE_PERSON_ADDED,
            obj=locked,
            role=role,
        )
        if real_name:  # texts written before the name was known may hold it
            record_found(case=locked, person=person, by=by)
    return person


def change_person(
    *,
    person: CasePerson,
    by: Any,
    role: str | None = None,
    real_name: str | None = None,
    class_name: str | None = None,
) -> CasePerson:
    """Change a person's role, real name (the direction alone) or class; None leaves it."""
    case = person.case
    school_member(by, case)
    role = person.role if role is None else role
    real_name = person.real_name if real_name is None else real_name.strip()
    class_name = person.class_name if class_name is None else class_name.strip()
    _clean_person(by, case, role, real_name, class_name, names=real_name != person.real_name)
    with transaction.atomic():
        locked = lock_open(case)
        row = CasePerson.objects.select_for_update().get(pk=person.pk, case=locked)
        changed = [
            name
            for name, value in (
                ("role", role),
                ("real_name", real_name),
                ("class_name", class_name),
            )
            if getattr(row, name) != value
        ]
        if not changed:
            return row
        row.role, row.real_name, row.class_name = role, real_name, class_name
        row.save(update_fields=[*changed, "updated_at"])
        record(
            actor=by,
            actor_kind=actor_kind(by),
            action=AuditAction.CASE_PERSON_CHANGED,
            obj=locked,
            fields=changed,
        )
        if real_name and "real_name" in changed:  # earlier texts may hold the new name
            record_found(case=locked, person=row, by=by)
    person.role, person.real_name, person.class_name = role, real_name, class_name
    return row


# --- Notes --------------------------------------------------------------------------------------


def write_note(*, case: Case, by: Any, body: str, audience: str) -> CaseNote:
    """A note in the case: the school's team writes for itself or for the association too; the
    association's case worker writes to the school (audience ASSOCIATION) only. Audited without
    its text. None on a closed case, by anyone: closing ends the case's record, its conversation
    included, and neither side's page offers the form any more (a second look under the case's
    lock, so that a note does not slip in while the direction closes it)."""
    check_visible(by, case)
    closed = _("This case is closed: no note can be written in it any more.")
    if case.state != CaseState.OPEN:
        raise CaseError(closed)
    if audience not in NoteAudience.values:
        raise CaseError(_("Choose who reads this note."))
    if not is_school_side(by, case):
        if not getattr(by, "handles_alerts", False):
            raise CaseError(_("Only the school's team and the association write in the case."))
        if audience != NoteAudience.ASSOCIATION:
            raise CaseError(_("The association writes to the school and the association only."))
    body = body.strip() if isinstance(body, str) else ""
    if not body:
        raise CaseError(_("Write the note before sending it."))
    if len(body) > MAX_NOTE:
        raise CaseError(_("This note is too long: at most %(max)d characters.") % {"max": MAX_NOTE})
    refuse_real_names(case, body, by=by)  # educators read both audiences' notes
    refuse_for_association(by, case, body)  # the school reads it: never who reported
    with transaction.atomic():
        locked = Case.objects.select_for_update().only("state").get(pk=case.pk)
        if locked.state != CaseState.OPEN:
            raise CaseError(closed)
        note = CaseNote.objects.create(case=case, audience=audience, author=by, body=body)
        record(
            actor=by,
            actor_kind=actor_kind(by),
            action=AuditAction.CASE_NOTE_WRITTEN,
            obj=case,
            kind=audience,
        )
    return note
