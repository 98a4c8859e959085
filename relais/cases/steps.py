"""A case's steps: which apply, when each is due, recording one, and the checklist.

The protocol (relais/protocols) says what the steps are; the case holds one CaseStep row per
step that applies to it (Step.applies: its conditions and its track). Due dates:

- a step after "opening" is due its delay after the case was opened (or, for a step added later
  by a change of conditions or a new track, after that change);
- a step after another step is due its delay after that step was recorded, and has no due date
  ("waiting") until then: while that step applies and is not recorded, it cannot be recorded
  (waiting_for);
- a step without a delay has no due date: it is "due" as soon as it may be done.

A track switch (pHARe: the shared-concern method showed no result, the disciplinary track) adds
the new track's steps; the open steps of the former track stay as rows (what was planned is not
rewritten) but lose their due date, so that neither the checklist nor the deadline sweep counts
them, and they can no longer be recorded. Steps recorded on the former track stay on the
checklist, done.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from relais.accounts.models import Role
from relais.audit.models import ActorKind, AuditAction
from relais.audit.services import record
from relais.cases import proof_events
from relais.cases.access import cases_for, is_school_side
from relais.cases.errors import CaseError, StepAlreadyRecorded
from relais.cases.marks import earliest_unswept
from relais.cases.models import MAX_TEXT, Case, CaseAlert, CaseState, CaseStep
from relais.cases.names import refuse_real_names
from relais.cases.reporter_guard import refuse_for_association
from relais.notices.texts import texts_for
from relais.protocols.loader import get_protocol
from relais.protocols.model import Protocol, Step

# A date recorded for a step may be this long before the case was opened: the school often acts
# (hears the pupil, calls the parents) before it writes the case down, within a school term.
DATE_MARGIN = timedelta(days=90)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def protocol_of(case: Case) -> Protocol:
    """The case's protocol, by the key it was opened with."""
    return get_protocol(case.protocol)


def actor_kind(user: Any) -> ActorKind:
    """How the audit log names a member acting through their account."""
    if getattr(user, "in_school", False):
        return ActorKind.SCHOOL
    if getattr(user, "in_relay", False):
        return ActorKind.RELAY
    return ActorKind.STAFF


def check_visible(user: Any, case: Case) -> None:
    """A service called for a case this user may not see is refused as the pages refuse it:
    not found (relais.cases.access), whatever else is wrong."""
    if not cases_for(user).filter(pk=case.pk).exists():
        raise Http404


def school_zone(school: Any) -> Any:
    """The school's time zone (its jurisdiction's): the case's dates are read in it."""
    return texts_for(school.jurisdiction).zone()


# --- Which steps, due when ----------------------------------------------------------------------


def due_from(
    step: Step, *, start: datetime, done: Mapping[str, datetime | None]
) -> datetime | None:
    """When ``step`` falls due: ``start`` (the opening, or the change that added the step) plus
    its delay; for a step after another, that step's recording plus the delay (None until then).
    ``done`` maps the case's recorded step keys to their time."""
    if step.delay is None:
        return None
    if step.after == "opening":
        return start + step.delay
    recorded = done.get(step.after)
    return recorded + step.delay if recorded is not None else None


NO_DEADLINE: dict[str, datetime | None] = {"due_at": None, "remind_at": None, "escalate_at": None}


def deadline_fields(
    protocol: Protocol, step: Step, due: datetime | None, *, now: datetime
) -> dict[str, datetime | None]:
    """The step's due date and when the deadline sweep is to remind it and propose escalation
    (relais/cases/deadlines.py): never before ``now``, the moment the due date is set (or just
    after the last sweep's window: marks.earliest_unswept), so that a due date already past (a
    step after one recorded long ago) is caught by the next sweep."""
    if due is None:
        return dict(NO_DEADLINE)
    return {
        "due_at": due,
        "remind_at": max(due, now),
        "escalate_at": max(due + protocol.escalation_delay(step), now),
    }


def new_rows(
    case: Case,
    protocol: Protocol,
    *,
    start: datetime,
    existing: set[str],
    done: Mapping[str, datetime | None],
) -> list[CaseStep]:
    """Unsaved rows for the protocol's steps that apply to the case and it does not have yet
    (``start`` is now: the opening, or the change that adds them)."""
    conditions = case.conditions()
    earliest = earliest_unswept(start)  # a due date from an earlier step's may be past
    return [
        CaseStep(
            case=case,
            key=step.key,
            family_visible=bool(step.family),
            **deadline_fields(protocol, step, due_from(step, start=start, done=done), now=earliest),
        )
        for step in protocol.steps
        if step.key not in existing and step.applies(conditions, case.track)
    ]


def waiting_for(
    protocol: Protocol, step: Step, rows: Mapping[str, CaseStep], case: Case
) -> Step | None:
    """The step ``step`` follows, while it holds it back: it applies to the case (its conditions
    and track) and its row is open. One that no longer applies (a track the case left) holds
    nothing back, nor one the case has no row of (it could never be recorded)."""
    if step.after == "opening":
        return None
    previous = rows.get(step.after)
    if previous is None or previous.done_at is not None:
        return None
    before = protocol.step(step.after)
    return before if before.applies(case.conditions(), case.track) else None


# --- Recording a step ---------------------------------------------------------------------------


def clean_value(step: Step, value: Any, *, case: Case, now: datetime) -> dict[str, Any]:
    """The value to store for ``step``, by its record kind, or CaseError."""
    if not isinstance(value, dict):
        raise CaseError(_("Nothing was recorded: the form was not filled in."))
    kind = step.record
    expected = {
        "checkbox": "checked",
        "date": "date",
        "text": "text",
        "checklist": "checklist",
        "choice": "choice",
    }
    if set(value) != {expected[kind]}:
        raise CaseError(_("Nothing was recorded: the form was not filled in."))
    given = value[expected[kind]]
    if kind == "checkbox":
        if given is not True:
            raise CaseError(_("Tick the box to record this step."))
        return {"checked": True}
    if kind == "date":
        return {"date": _clean_date(given, case=case, now=now).isoformat()}
    if kind == "text":
        text = given.strip() if isinstance(given, str) else ""
        if not text:
            raise CaseError(_("Write what was done to record this step."))
        if len(text) > MAX_TEXT:
            raise CaseError(
                _("This text is too long: at most %(max)d characters.") % {"max": MAX_TEXT}
            )
        return {"text": text}
    if kind == "choice":
        return {"choice": _clean_choice(step, given)}
    known = [option.key for option in step.checklist]
    ticked = given if isinstance(given, list) else []
    if not ticked or not all(isinstance(key, str) for key in ticked):
        raise CaseError(_("Tick at least one point to record this step."))
    if set(ticked) - set(known):
        raise CaseError(_("One of the points ticked is not in this step's list."))
    return {"checklist": [key for key in known if key in ticked]}  # the protocol's order


def _clean_choice(step: Step, given: Any) -> str:
    """Exactly one of the step's answers: two (a list), none or another is refused."""
    if isinstance(given, list | tuple):
        raise CaseError(_("Choose one answer only."))
    if not isinstance(given, str) or not given:
        raise CaseError(_("Choose one answer to record this step."))
    if given not in [option.key for option in step.options]:
        raise CaseError(_("This answer is not one of this step's."))
    return given


def _clean_date(given: Any, *, case: Case, now: datetime) -> date:
    if not isinstance(given, str) or not _ISO_DATE.fullmatch(given):
        raise CaseError(_("Give the date as day, month and year."))
    try:
        day = date.fromisoformat(given)
    except ValueError:
        raise CaseError(_("This date does not exist.")) from None
    zone = school_zone(case.school)
    if day > now.astimezone(zone).date():
        raise CaseError(_("This date is in the future."))
    earliest = earliest_day(case)
    if day < earliest:
        raise CaseError(
            _("This date is too far before the case was opened: %(day)s at the earliest.")
            % {"day": date_format(earliest)}
        )
    return day


def earliest_day(case: Case) -> date:
    """The earliest day a date of the case may name (a step's date, a referral's consent): the
    opening less DATE_MARGIN, in the school's zone."""
    return (case.opened_at - DATE_MARGIN).astimezone(school_zone(case.school)).date()


def check_role(user: Any, case: Case, step: Step) -> None:
    """Who records a step: "direction", the school's direction; "educator", any member of the
    school's team; "association", a case worker of the association that follows the case."""
    if step.role == "direction":
        if not (is_school_side(user, case) and user.role == Role.DIRECTION):
            raise CaseError(_("This step is recorded by the school's direction."))
    elif step.role == "educator":
        if not is_school_side(user, case):
            raise CaseError(_("This step is recorded by the school's team."))
    elif not getattr(user, "handles_alerts", False):
        raise CaseError(_("This step is recorded by the association."))


def record_step(
    *, case: Case, key: str, value: Any, by: Any, now: datetime | None = None
) -> CaseStep:
    """Record step ``key`` of ``case`` once, with ``value`` checked against its record kind.

    Under a lock on the case's row and then the step's (the order close_case takes too), so that
    two clicks at once record once: the second gets StepAlreadyRecorded and nothing is stored.
    Gives the steps that follow it their due date, moves the case to another track when the step
    (or a ticked answer) says so, audits the step's key (never its value) and appends its proof
    entry, linked to the case's first alert when the family sees the step.
    """
    check_visible(by, case)
    protocol = protocol_of(case)
    try:
        step = protocol.step(key)
    except KeyError:
        raise CaseError(_("This step is not part of the case's protocol.")) from None
    check_role(by, case, step)
    now = now or timezone.now()
    cleaned = clean_value(step, value, case=case, now=now)
    if "text" in cleaned:
        refuse_real_names(case, cleaned["text"], by=by)  # the team and the association read it
        refuse_for_association(by, case, cleaned["text"])  # the school reads it too
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.state != CaseState.OPEN:
            raise CaseError(_("This case is closed: nothing more can be recorded."))
        row = CaseStep.objects.select_for_update().filter(case=locked, key=key).first()
        if row is None or not step.applies(locked.conditions(), locked.track):
            raise CaseError(_("This step does not apply to this case."))
        if row.done_at is not None:
            raise StepAlreadyRecorded(_("This step was already recorded."))
        _refuse_too_early(locked, protocol, step)
        row.done_at, row.done_by, row.value = now, by, cleaned
        alert = _first_alert(locked) if row.family_visible else None
        row.entry = proof_events.step_recorded(step=row, done_at=now, alert=alert)
        row.save(update_fields=["done_at", "done_by", "value", "entry", "updated_at"])
        _start_followers(locked, protocol, key, now)
        record(
            actor=by,
            actor_kind=actor_kind(by),
            action=AuditAction.CASE_STEP_RECORDED,
            obj=locked,
            steps=[key],
        )
        target = step.switch_to(cleaned)
        if target and target != locked.track:
            switch_track(locked, protocol, target, by=by, now=now)
    case.track = locked.track
    return row


def _refuse_too_early(case: Case, protocol: Protocol, step: Step) -> None:
    """A step that follows another is recorded after it (waiting_for), never before: pHARe's
    group meeting after the review, Mouscron's postvention after its prevention."""
    if step.after == "opening":
        return
    rows = {row.key: row for row in CaseStep.objects.filter(case=case, key=step.after)}
    before = waiting_for(protocol, step, rows, case)
    if before is not None:
        raise CaseError(
            _("Record “%(step)s” first: this step follows it.") % {"step": before.label()}
        )


def _first_alert(case: Case) -> Any:
    link = CaseAlert.objects.filter(case=case).select_related("alert").order_by("pk").first()
    return link.alert if link is not None else None


def _start_followers(case: Case, protocol: Protocol, key: str, now: datetime) -> None:
    """The open steps that follow ``key`` fall due their delay after now."""
    followers = [s for s in protocol.steps if s.after == key and s.delay is not None]
    earliest = earliest_unswept(now) if followers else now
    for follower in followers:
        assert follower.delay is not None  # for mypy: filtered above
        CaseStep.objects.filter(case=case, key=follower.key, done_at__isnull=True).update(
            **deadline_fields(protocol, follower, now + follower.delay, now=earliest),
            updated_at=now,
        )


def switch_track(case: Case, protocol: Protocol, target: str, *, by: Any, now: datetime) -> None:
    """Move the (locked) case to track ``target``: its steps are added, due from now; the open
    steps of the former track lose their due date (module docstring)."""
    former = case.track
    case.track = target
    case.save(update_fields=["track", "updated_at"])
    rows = {row.key: row for row in CaseStep.objects.filter(case=case)}
    dropped = [
        row.key
        for row in rows.values()
        if row.done_at is None and not protocol.step(row.key).applies(case.conditions(), target)
    ]
    CaseStep.objects.filter(case=case, key__in=dropped).update(**NO_DEADLINE, updated_at=now)
    done = {key: row.done_at for key, row in rows.items() if row.done_at is not None}
    CaseStep.objects.bulk_create(new_rows(case, protocol, start=now, existing=set(rows), done=done))
    record(
        actor=by,
        actor_kind=actor_kind(by),
        action=AuditAction.CASE_TRACK_SWITCHED,
        obj=case,
        before=former,
        after=target,
    )
