"""The case's texts written before a real name was known, that hold it (issue 12's leftover).

relais/cases/names.py refuses a real name in every text of the case, but only against the names
written at the time: a summary or a note saved before the direction wrote "Lucas Dupont" as
Élève A's real name may hold "Lucas", and educators, the association or a relay read it. When
the direction writes or changes a real name, the service (relais/cases/people.py) looks through
the texts that names.py guards, with the same folding (``people_named_in``), records how many
hold it (``case.name_in_earlier_texts``: the pseudonym, how many and their kinds, never the
name), and the view sends the direction to a page that lists them by kind and date
(``person_texts_view``), never their text, and to no one else (404).

What can be changed, and why the rest stays:

- the summary: the school's own account, editable while the case is open (its form on the case
  page, which checks the new text against every real name);
- notes: append-only. A note is what the team or the association read that day (the association
  has read its conversation already); rewriting it would leave no trace of what it said, and a
  history would need a field the cases app does not have. The direction writes a note that
  corrects it, and knows who has read it;
- a recorded step: proof of what was done that day, its digest in the public proof log;
- a referral's request or the reason it was withdrawn: already in the relay's hands; the
  direction can withdraw a referral that is still open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from relais.audit.models import AuditAction, AuditEvent
from relais.audit.services import object_type, record
from relais.cases.models import (
    Case,
    CaseNote,
    CasePerson,
    CaseState,
    CaseStep,
    NoteAudience,
    Referral,
    ReferralState,
)
from relais.cases.names import people_named_in
from relais.cases.steps import actor_kind, protocol_of


@dataclass(frozen=True)
class EarlierText:
    """One text of the case that holds the real name: what it is and when, never its words."""

    kind: str  # summary, note, step, referral, withdrawal
    label: str  # "The case's summary", "The step “Talk with the pupil”"...
    at: datetime
    anchor: str  # where on the case page it is
    editable: bool
    # Who may have read it, by kind: the direction weighs a note only the team read apart from
    # a request already in a relay's hands.
    readers: str


def _summary_changed_at(case: Case) -> datetime:
    """When the summary was last written: its last audited change, else the case's opening."""
    rows = AuditEvent.objects.filter(
        object_type=object_type(case),
        object_id=str(case.pk),
        action=AuditAction.CASE_CHANGED,
    ).order_by("-at")
    for at, details in rows.values_list("at", "details"):
        if "summary" in (details or {}).get("fields", ()):
            return at
    return case.opened_at


def _step_label(case: Case, key: str) -> str:
    try:
        return protocol_of(case).step(key).label()
    except KeyError:
        return key  # a key the protocol no longer names (keys never change)


def texts_naming(case: Case, person: CasePerson) -> list[EarlierText]:
    """The case's texts that hold ``person``'s real name, oldest first (four queries at most)."""
    people = [(person.label, person.real_name)]
    if not person.real_name:
        return []
    # Who may have read each text, as its card says: no pronoun, so that it reads for a note
    # (feminine in French) as for a summary.
    team = _("Readable by the school's team.")
    team_and_relay = _("Readable by the school's team and the relay service.")

    def holds(text: str) -> bool:
        return bool(text) and bool(people_named_in(text, people))

    found: list[EarlierText] = []
    if holds(case.summary):
        found.append(
            EarlierText(
                "summary",
                _("The case's summary"),
                _summary_changed_at(case),
                "about",
                case.state == CaseState.OPEN,
                team,
            )
        )
    for note in CaseNote.objects.filter(case=case).only("audience", "body", "created_at"):
        if holds(note.body):
            school_only = note.audience == NoteAudience.SCHOOL
            label = (
                _("A note for the school's team only")
                if school_only
                else _("A note in the conversation with the association")
            )
            anchor = f"notes-{note.audience}"
            readers = (
                team if school_only else _("Readable by the school's team and the association.")
            )
            found.append(EarlierText("note", label, note.created_at, anchor, False, readers))
    for step in CaseStep.objects.filter(case=case, done_at__isnull=False).only(
        "key", "value", "done_at"
    ):
        text = step.value.get("text") if isinstance(step.value, dict) else None
        if isinstance(text, str) and holds(text) and step.done_at is not None:
            label = _("The step “%(step)s”") % {"step": _step_label(case, step.key)}
            anchor = f"step-{step.key}"
            # The association reads a step's title and day, the family its own words: never
            # what was recorded.
            found.append(EarlierText("step", label, step.done_at, anchor, False, team))
    for referral in Referral.objects.filter(case=case).select_related("service"):
        service = referral.service.name
        if holds(referral.request):
            label = _("The request to %(service)s") % {"service": service}
            at = referral.sent_at
            found.append(EarlierText("referral", label, at, "referrals", False, team_and_relay))
        # The reason of a refusal is the relay's own text: only the school's withdrawal counts.
        if referral.state == ReferralState.REVOKED and holds(referral.reason):
            label = _("The reason for withdrawing the request to %(service)s") % {
                "service": service
            }
            at = referral.closed_at or referral.updated_at
            found.append(EarlierText("withdrawal", label, at, "referrals", False, team_and_relay))
    return sorted(found, key=lambda text: text.at)


def record_found(*, case: Case, person: CasePerson, by: Any) -> int:
    """Audit how many earlier texts hold ``person``'s real name (the pseudonym, their count and
    kinds, never the name); nothing when none does. Called inside the transaction that saved
    the name."""
    found = texts_naming(case, person)
    if found:
        record(
            actor=by,
            actor_kind=actor_kind(by),
            action=AuditAction.CASE_NAME_IN_EARLIER_TEXTS,
            obj=case,
            person=person.label,
            found=len(found),
            kinds=sorted({text.kind for text in found}),
        )
    return len(found)
