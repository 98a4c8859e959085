"""What the school's case page shows, gathered in a fixed number of queries: the checklist in
groups, the people, the notes, the notices the school received and the evidence shared with it.

The school never sees the reporter: no receipt, no description, no message of the alert, only
the notices it was sent (already anonymised) and the stripped copies shared with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from relais.accounts.models import Role
from relais.cases.access import is_school_side, may_read_names
from relais.cases.forms import (
    CloseForm,
    ConditionsForm,
    NoteForm,
    PersonForm,
    StepForm,
)
from relais.cases.models import Case, CaseAlert, CaseNote, CaseState, NoteAudience
from relais.cases.services import StepView, checklist, protocol_of
from relais.evidence.models import Share
from relais.protocols.model import Step, pick

# The checklist's groups, in the order the page shows them.
GROUPS = ("overdue", "due_soon", "due", "waiting", "done")


def group_titles() -> dict[str, str]:
    return {
        "overdue": _("Overdue"),
        "due_soon": _("Due soon"),
        "due": _("To do"),
        "waiting": _("Waiting for an earlier step"),
        "done": _("Done"),
    }


@dataclass
class Forms:
    """The forms a page shows; a POST that failed puts its bound form here, errors and all."""

    conditions: ConditionsForm | None = None
    person: PersonForm | None = None
    people: dict[str, PersonForm] = field(default_factory=dict)
    steps: dict[str, StepForm] = field(default_factory=dict)
    notes: dict[str, NoteForm] = field(default_factory=dict)
    close: CloseForm | None = None
    # The anchor of the form a failed POST came from: the page's top says where to look.
    error_at: str = ""

    def bound(self) -> Any:
        """The one form this request sent."""
        found: list[Any] = [self.conditions, self.person, self.close]
        found += [*self.people.values(), *self.steps.values(), *self.notes.values()]
        return next((form for form in found if form is not None), None)


@dataclass(frozen=True)
class ChecklistItem:
    view: StepView
    form: StepForm | None
    # Who records it, in words: a step the school cannot record shows no form.
    who: str
    help: str
    value: list[str]


def may_record(user: Any, step: Step) -> bool:
    """The school's side of services.record_step's role rule, to show a form or not (the
    service decides again): a direction step by the direction, an educator's by any member."""
    if step.role == "direction":
        return bool(user.role == Role.DIRECTION)
    return step.role == "educator"


def _who(step: Step) -> str:
    return {
        "direction": _("the direction"),
        "educator": _("the school's team"),
        "association": _("the association"),
    }.get(step.role, step.role)


def recorded_value(step: Step, value: dict[str, Any]) -> list[str]:
    """What was recorded, in words, for the page (never for the family)."""
    if "checklist" in value:
        labels = {option.key: option.label() for option in step.checklist}
        return [labels.get(key, key) for key in value["checklist"]]
    if "date" in value:
        return [str(value["date"])]
    if "text" in value:
        return [str(value["text"])]
    return []


def checklist_groups(
    case: Case, user: Any, now: datetime, forms: Forms
) -> list[tuple[str, str, list[ChecklistItem]]]:
    titles = group_titles()
    groups: dict[str, list[ChecklistItem]] = {group: [] for group in GROUPS}
    open_case = case.state == CaseState.OPEN
    for view in checklist(case, now=now):
        # The form a refused POST sent is shown again, with why, whatever the step's state.
        form = forms.steps.get(view.step.key)
        if form is None and view.status != "done" and open_case and may_record(user, view.step):
            form = StepForm(step=view.step)
        help_text = pick(view.step.help) if view.step.help else ""
        value = recorded_value(view.step, view.row.value)
        item = ChecklistItem(view, form, _who(view.step), help_text, value)
        groups.setdefault(view.status, []).append(item)
    return [(group, titles[group], groups[group]) for group in GROUPS if groups.get(group)]


def shared_evidence(case: Case) -> QuerySet[Share]:
    """The stripped copies shared with this case's school, of the alerts the case gathers, with
    the text read in them. A file the family withdrew is no longer shown."""
    return (
        Share.objects.filter(
            school_id=case.school_id,
            item__alert__case_links__case=case,
            item__withdrawn_at__isnull=True,
        )
        .select_related("item", "item__ocr")
        .order_by("item__occurred_at", "created_at")
    )


def context(case: Case, user: Any, *, now: datetime, forms: Forms, names: bool) -> dict[str, Any]:
    protocol = protocol_of(case)
    direction = may_read_names(user, case)
    names = names and direction
    links = CaseAlert.objects.filter(case=case).select_related("notice", "alert")
    notes = CaseNote.objects.filter(case=case).select_related("author")
    people = list(case.people.all())
    audiences = [NoteAudience.SCHOOL]
    if any(True for _link in links):
        # The conversation with the association exists only where an alert came through it.
        audiences.append(NoteAudience.ASSOCIATION)
    return {
        "case": case,
        "protocol": protocol,
        "track": next((t for t in protocol.tracks if t.key == case.track), None),
        "school_side": is_school_side(user, case),
        "direction": direction,
        "names": names,
        "open": case.state == CaseState.OPEN,
        "groups": checklist_groups(case, user, now, forms),
        "conditions_form": forms.conditions
        or ConditionsForm(initial={**case.conditions(), "summary": case.summary}),
        "people": [
            (person, forms.people.get(str(person.pk)) or _person_form(person, names))
            for person in people
        ],
        "person_form": forms.person or PersonForm(names=direction),
        "notices": [link.notice for link in links if link.notice is not None],
        "note_sections": [
            (
                audience,
                [note for note in notes if note.audience == audience],
                forms.notes.get(audience)
                or NoteForm(prefix=audience, initial={"audience": audience}),
            )
            for audience in audiences
        ],
        "shares": shared_evidence(case),
        "close_form": forms.close or CloseForm(),
        "error_at": forms.error_at,
    }


def _person_form(person: Any, names: bool) -> PersonForm:
    """A person's form; its real-name field only on a page where the direction asked to read the
    names (and that reading was audited): never a name in a field nobody asked to see."""
    initial = {"role": person.role, "class_name": person.class_name}
    if names:
        initial["real_name"] = person.real_name
    return PersonForm(prefix=f"person-{person.pk}", names=names, initial=initial)
