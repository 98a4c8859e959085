"""What the school's case page shows, gathered in a fixed number of queries: the checklist in
groups, the people, the notes, the notices the school received and the evidence shared with it.

The school never sees the reporter: no receipt, no description, no message of the alert, only
the notices it was sent (already anonymised) and the stripped copies shared with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
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
from relais.cases.models import (
    Case,
    CaseAlert,
    CaseNote,
    CaseState,
    NoteAudience,
    Outcome,
    Referral,
    ReferralState,
)
from relais.cases.services import StepView, checklist, protocol_of
from relais.evidence.models import Share
from relais.jurisdictions.packs import get_pack
from relais.protocols.model import Step, pick

# The checklist's groups, in the order the page shows them. A closed case has no deadline left:
# its open steps are listed once, as "not done when the case was closed" (NOT_DONE).
NOT_DONE = "not_done"
GROUPS = ("overdue", "due_soon", "due", "waiting", "done", NOT_DONE)
# The referrals a step with a relay kind shows beside it: those still standing. A refused or
# withdrawn one is on the "Relays" section only.
LIVE_REFERRALS = (ReferralState.SENT, ReferralState.ACCEPTED, ReferralState.DONE)


def group_titles() -> dict[str, str]:
    return {
        "overdue": _("Overdue"),
        "due_soon": _("Due soon"),
        "due": _("To do"),
        "waiting": _("Waiting for an earlier step"),
        "done": _("Done"),
        NOT_DONE: _("Not done when the case was closed"),
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
    # Why, said at the page's top, when the form is not on this member's page (closing, for an
    # educator).
    error_text: str = ""

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
    # A checklist step's points left unticked when it was recorded: the record stays as it
    # was (it is proof), and what it did not cover is said plainly (docs/cases.md).
    missing: list[str] = field(default_factory=list)
    # The case's standing referrals to the kind of service the step suggests (Step.relay): the
    # school sees where the referral stands and records the step itself.
    referrals: list[Referral] = field(default_factory=list)


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
    if "choice" in value:
        labels = {option.key: option.label() for option in step.options}
        return [labels.get(value["choice"], value["choice"])]
    if "date" in value:
        return [_day(str(value["date"]))]
    if "text" in value:
        return [str(value["text"])]
    return []


def _day(iso: str) -> str:
    """A recorded day as the other pages write a day ("7 décembre 2026"), not as stored."""
    try:
        return date_format(date.fromisoformat(iso), "j F Y")
    except ValueError:
        return iso


def missing_points(step: Step, value: dict[str, Any]) -> list[str]:
    """The points of a recorded checklist step that were not ticked, in the protocol's order."""
    if "checklist" not in value:
        return []
    ticked = set(value["checklist"])
    return [option.label() for option in step.checklist if option.key not in ticked]


def _referrals_by_kind(case: Case, kinds: set[str]) -> dict[str, list[Referral]]:
    """The case's standing referrals to the kinds of service its steps suggest: one query for
    the whole checklist, none when no step names a kind."""
    found: dict[str, list[Referral]] = {}
    if not kinds:
        return found
    referrals = (
        Referral.objects.filter(case=case, state__in=LIVE_REFERRALS, service__kind__in=kinds)
        .select_related("service")
        .order_by("sent_at", "pk")
    )
    for referral in referrals:
        found.setdefault(referral.service.kind, []).append(referral)
    return found


def checklist_groups(
    case: Case, user: Any, now: datetime, forms: Forms
) -> list[tuple[str, str, list[ChecklistItem]]]:
    titles = group_titles()
    groups: dict[str, list[ChecklistItem]] = {group: [] for group in GROUPS}
    open_case = case.state == CaseState.OPEN
    views = checklist(case, now=now)
    referrals = _referrals_by_kind(case, {view.step.relay for view in views if view.step.relay})
    for view in views:
        if not open_case and view.status != "done":
            # Closed: no step is due any more; what was left undone is said once, as such.
            view = replace(view, status=NOT_DONE)
        # The form a refused POST sent is shown again, with why, whatever the step's state. A
        # step waiting for the one it follows has none: record_step would refuse it.
        form = forms.steps.get(view.step.key)
        recordable = view.status not in ("done", "waiting") and open_case
        if form is None and recordable and may_record(user, view.step):
            form = StepForm(step=view.step)
        item = ChecklistItem(
            view,
            form,
            _who(view.step),
            pick(view.step.help) if view.step.help else "",
            recorded_value(view.step, view.row.value),
            missing=missing_points(view.step, view.row.value),
            referrals=referrals.get(view.step.relay, []) if view.step.relay else [],
        )
        groups.setdefault(view.status, []).append(item)
    for group in ("overdue", "due_soon", "due", "waiting"):
        groups[group].sort(key=_by_due_date)  # stable: the protocol's order breaks ties
    groups["done"].sort(key=_by_done_date)
    return [(group, titles[group], groups[group]) for group in GROUPS if groups.get(group)]


def _by_done_date(item: ChecklistItem) -> float:
    done = item.view.row.done_at
    return done.timestamp() if done is not None else 0.0


def _by_due_date(item: ChecklistItem) -> tuple[bool, float]:
    """The soonest due first, a step with no due date last (QA: "Danger immédiat", due in two
    hours, came after steps due the next day)."""
    due = item.view.row.due_at
    return (due is None, due.timestamp() if due is not None else 0.0)


def authority_name(case: Case) -> str:
    """Whom an escalation goes to, in the pack's words ("Pouvoir organisateur", "Académie
    (rectorat)"), with the school's own authority when its record names it."""
    name = get_pack(case.school.jurisdiction).authority()
    own = case.school.authority.strip()
    return f"{name} ({own})" if own else name


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


def context(
    case: Case,
    user: Any,
    *,
    now: datetime,
    forms: Forms,
    names: bool,
    flashes: dict[str, list[Any]] | None = None,
) -> dict[str, Any]:
    """The case page's context. ``flashes``: the messages by the section they belong to ("": the
    page's top), so that a confirmation shows where the redirect's anchor lands."""
    flashes = flashes or {}
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
        "authority": authority_name(case),
        "flashes": flashes,
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
                flashes.get(f"notes-{audience}", []),
            )
            for audience in audiences
        ],
        "shares": shared_evidence(case),
        "close_form": forms.close or CloseForm(),
        "error_at": forms.error_at,
        "error_text": forms.error_text,
    }


def _person_form(person: Any, names: bool) -> PersonForm:
    """A person's form; its real-name field only on a page where the direction asked to read the
    names (and that reading was audited): never a name in a field nobody asked to see."""
    initial = {"role": person.role, "class_name": person.class_name}
    if names:
        initial["real_name"] = person.real_name
    return PersonForm(prefix=f"person-{person.pk}", names=names, initial=initial)


def closing(case: Case, form: CloseForm) -> dict[str, Any]:
    """The closing's confirmation page: the outcome chosen and what closing changes, the steps
    left unrecorded named."""
    outcome = form.cleaned_data["outcome"]
    now = timezone.now()
    return {
        "case": case,
        "outcome": outcome,
        "outcome_label": dict(Outcome.choices)[outcome],
        "undone": [view.step.label() for view in checklist(case, now=now) if view.status != "done"],
        "association": CaseAlert.objects.filter(case=case).exists(),
    }
