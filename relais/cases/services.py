"""The case services (issue 12): every write on a case, each in one transaction with its audit
row and, where the family or a court may rely on it, its proof-log entry
(relais/cases/proof_events.py). Views call these and nothing else to change a case.

Bad input raises CaseError (its ``message`` is in the user's language) before anything is
stored; a case the user may not see raises Http404, as its pages do. Steps (recording one, the
due dates, tracks) are in relais/cases/steps.py and the checklist in checklist.py, people and notes
in people.py, closing in closing.py, gathering another alert in linking.py, all re-exported here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.alerts.categories import Category
from relais.alerts.models import Alert, ReporterRole
from relais.audit.models import AuditAction
from relais.audit.services import record
from relais.cases import opened_mail, proof_events
from relais.cases.checklist import DUE_SOON, StepView, checklist
from relais.cases.closing import close_case, may_close
from relais.cases.errors import CaseError, StepAlreadyRecorded
from relais.cases.guards import lock_open, refresh, school_member
from relais.cases.linking import link_alert
from relais.cases.models import (
    MAX_NOTE,
    Case,
    CaseAlert,
    CaseStep,
    Origin,
)
from relais.cases.names import refuse_real_names
from relais.cases.people import add_person, change_person, write_note
from relais.cases.steps import (
    actor_kind,
    new_rows,
    protocol_of,
    record_step,
    school_zone,
)
from relais.notices.models import Notice, NoticeState
from relais.protocols.loader import default_protocol, protocols_for
from relais.protocols.model import CONDITIONS, Protocol

__all__ = [
    "DUE_SOON",
    "CaseError",
    "StepAlreadyRecorded",
    "StepView",
    "add_person",
    "change_conditions",
    "change_person",
    "checklist",
    "close_case",
    "link_alert",
    "may_close",
    "open_case",
    "open_from_notice",
    "protocol_of",
    "record_step",
    "write_note",
]

# Attempts at the next case number when another opening took it meanwhile.
NUMBER_ATTEMPTS = 5


# --- Opening ------------------------------------------------------------------------------------


def _protocol_for(school: Any, key: str | None) -> Protocol:
    if key is None:
        try:
            return default_protocol(school.jurisdiction)
        except LookupError:
            raise CaseError(_("No protocol is set for this school's jurisdiction.")) from None
    for protocol in protocols_for(school.jurisdiction):
        if protocol.key == key:
            return protocol
    raise CaseError(_("This protocol is not one of the school's jurisdiction."))


def _clean_conditions(conditions: dict[str, Any] | None) -> dict[str, bool]:
    conditions = dict(conditions or {})
    unknown = set(conditions) - set(CONDITIONS)
    if unknown or not all(isinstance(value, bool) for value in conditions.values()):
        raise CaseError(_("What is known of the case could not be read."))
    return conditions


def _clean_summary(summary: Any) -> str:
    if not isinstance(summary, str):
        raise CaseError(_("The summary could not be read."))
    summary = summary.strip()
    if len(summary) > MAX_NOTE:
        raise CaseError(
            _("The summary is too long: at most %(max)d characters.") % {"max": MAX_NOTE}
        )
    return summary


def _next_number(school: Any, now: datetime) -> str:
    """ "2026-14": the year in the school's time zone, then one more than the year's last."""
    year = now.astimezone(school_zone(school)).year
    last = (
        Case.objects.filter(school=school, number__startswith=f"{year}-")
        .order_by(Length("number").desc(), "-number")
        .values_list("number", flat=True)
        .first()
    )
    return f"{year}-{int(last.split('-', 1)[1]) + 1 if last else 1}"


def _open(
    *,
    school: Any,
    by: Any,
    origin: str,
    protocol: Protocol,
    conditions: dict[str, bool],
    summary: str,
    now: datetime,
    tell: Alert | None = None,
) -> Case:
    """Create the case and its steps, audit and prove it, in the caller's transaction. The
    number is taken under a savepoint: a concurrent opening that took it makes this one retry
    (the unique constraint case_number_per_school decides). ``tell``: the alert whose
    association opens the case; the school is told by e-mail (relais.cases.opened_mail), and the
    audit row says whether it was (``school_emailed``) and by which message."""
    for attempt in range(NUMBER_ATTEMPTS):
        case = Case(
            school=school,
            number=_next_number(school, now),
            protocol=protocol.key,
            track=protocol.first_track(),
            origin=origin,
            opened_at=now,
            opened_by=by,
            summary=summary,
            **conditions,
        )
        try:
            with transaction.atomic():
                case.save(force_insert=True)
            break
        except IntegrityError:
            if attempt == NUMBER_ATTEMPTS - 1:
                raise
    CaseStep.objects.bulk_create(new_rows(case, protocol, start=now, existing=set(), done={}))
    told: dict[str, Any] = {}
    if tell is not None:
        message = opened_mail.tell_school(case=case, alert=tell)
        told["school_emailed"] = message is not None
        if message is not None:
            told["message_id"] = message.message_id
            case.opened_message = message
            case.save(update_fields=["opened_message", "updated_at"])
    record(
        actor=by,
        actor_kind=actor_kind(by),
        action=AuditAction.CASE_OPENED,
        obj=case,
        kind=origin,
        **told,
    )
    proof_events.case_opened(case=case)
    return case


def open_case(
    *,
    school: Any,
    by: Any,
    origin: str,
    protocol_key: str | None = None,
    conditions: dict[str, bool] | None = None,
    summary: str = "",
    alert: Alert | None = None,
    now: datetime | None = None,
) -> Case:
    """Open a case at ``school``: a pupil came forward (origin PUPIL, by a member of the
    school's team), or the association opens it for an alert it handles that the school has no
    case for (origin ASSOCIATION, by a case worker, with that ``alert``, linked to the case).
    A notice's case is opened with open_from_notice. The protocol is the one named (of the
    school's jurisdiction) or the jurisdiction's default; the case starts on its first track with
    a row per step that applies. A case the association opens is announced to the school by
    e-mail, queued in the same transaction (relais.cases.opened_mail): nothing else would tell
    it, and a danger step is due within hours."""
    if origin == Origin.PUPIL:
        if not (getattr(by, "in_school", False) and by.school_id == school.pk):
            raise Http404
    elif origin == Origin.ASSOCIATION:
        if not (
            getattr(by, "handles_alerts", False)
            and alert is not None
            and alert.organisation_id == by.organisation_id
            and alert.school_id == school.pk
        ):
            raise Http404
    else:
        raise CaseError(_("A case is opened from a notice on the notice itself."))
    protocol = _protocol_for(school, protocol_key)
    conditions = _clean_conditions(conditions)
    summary = _clean_summary(summary)
    now = now or timezone.now()
    with transaction.atomic():
        case = _open(
            school=school,
            by=by,
            origin=origin,
            protocol=protocol,
            conditions=conditions,
            summary=summary,
            now=now,
            tell=alert if origin == Origin.ASSOCIATION else None,
        )
        if alert is not None:
            CaseAlert.objects.create(case=case, alert=alert, linked_at=case.opened_at)
    return case


def conditions_of_notice(alert: Alert) -> dict[str, bool]:
    """What an acknowledged notice tells of the case. The pupil targeted is known only when the
    reporter agreed to reveal who they are and is that pupil or their parent: a witness who
    gives their name does not name the pupil (an anonymous notice: class-level measures only)."""
    return {
        "victim_known": alert.reveal_identity
        and alert.reporter_role in {ReporterRole.VICTIM, ReporterRole.PARENT},
        "danger": alert.immediate_danger,
        "intimate_images": Category.IMAGES_INTIMES in alert.categories,
    }


def _case_of_notice(notice: Notice) -> Case | None:
    link = CaseAlert.objects.filter(notice=notice).select_related("case__school").first()
    return link.case if link is not None else None


def _case_of_alert(notice: Notice, alert: Alert) -> Case | None:
    """The school's case that already gathers the notice's alert (the association opened it, or
    the alert came through another notice), with the notice linked to it when the link has none:
    one alert, one case, never a second one opened from a later notice."""
    with transaction.atomic():
        link = (
            CaseAlert.objects.select_for_update()
            .filter(alert=alert, case__school_id=alert.school_id)
            .order_by("pk")
            .first()
        )
        if link is None:
            return None
        if link.notice_id is None:
            link.notice = notice
            link.save(update_fields=["notice"])
    return Case.objects.select_related("school").get(pk=link.case_id)


def open_from_notice(
    *, notice: Notice, by: Any, protocol_key: str | None = None, now: datetime | None = None
) -> Case:
    """Open the case of a notice the school acknowledged, by a member of that school's team;
    the notice's alert is linked to it. The protocol is the one named (of the school's
    jurisdiction) or the jurisdiction's default. Opening it again (a second click, a colleague)
    returns the case already open, with no second case and no second proof entry; so does a
    notice whose alert a case of the school already gathers (the notice is linked to it)."""
    # Read afresh: the notice's state and the reporter's consents may have changed since the
    # caller loaded them.
    notice = Notice.objects.get(pk=notice.pk)
    alert = Alert.objects.select_related("school").get(pk=notice.alert_id)
    if not (getattr(by, "in_school", False) and by.school_id == alert.school_id):
        raise Http404
    existing = _case_of_notice(notice)
    if existing is not None:
        return existing
    if notice.state != NoticeState.ACKNOWLEDGED:
        raise CaseError(_("A case is opened from a notice once the school acknowledged it."))
    gathered = _case_of_alert(notice, alert)
    if gathered is not None:
        return gathered
    protocol = _protocol_for(alert.school, protocol_key)
    now = now or timezone.now()
    try:
        with transaction.atomic():
            case = _open(
                school=alert.school,
                by=by,
                origin=Origin.NOTICE,
                protocol=protocol,
                conditions=conditions_of_notice(alert),
                summary="",
                now=now,
            )
            CaseAlert.objects.create(
                case=case, alert=alert, notice=notice, linked_at=case.opened_at
            )
    except IntegrityError:
        # Another member opened it at the same moment (case_per_notice): theirs stands.
        existing = _case_of_notice(notice)
        if existing is None:
            raise
        return existing
    return case


# --- What is known of the case ------------------------------------------------------------------


def change_conditions(
    *,
    case: Case,
    by: Any,
    summary: str | None = None,
    **flags: Any,
) -> Case:
    """Change what is known of the case (victim_known, minor, danger, intimate_images) and,
    when given, its summary. The steps that now apply are added, due from now; the open steps
    that no longer apply are removed (a recorded step always stays). Audited with the names of
    what changed, never the summary's text."""
    school_member(by, case)
    wanted = _clean_conditions(flags)
    cleaned_summary = None if summary is None else _clean_summary(summary)
    if cleaned_summary:
        refuse_real_names(case, cleaned_summary, by=by)  # educators read the summary
    now = timezone.now()
    protocol = protocol_of(case)
    with transaction.atomic():
        locked = lock_open(case)
        changed = [name for name, value in wanted.items() if getattr(locked, name) != value]
        if cleaned_summary is not None and cleaned_summary != locked.summary:
            locked.summary = cleaned_summary
            changed.append("summary")
        if not changed:
            return locked
        for name, value in wanted.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*changed, "updated_at"])
        rows = {row.key: row for row in CaseStep.objects.filter(case=locked)}
        conditions = locked.conditions()
        gone = [
            key
            for key, row in rows.items()
            if row.done_at is None and not _applies(protocol, key, conditions, locked.track)
        ]
        CaseStep.objects.filter(case=locked, key__in=gone, done_at__isnull=True).delete()
        done = {key: row.done_at for key, row in rows.items() if row.done_at is not None}
        added = new_rows(locked, protocol, start=now, existing=set(rows), done=done)
        CaseStep.objects.bulk_create(added)
        record(
            actor=by,
            actor_kind=actor_kind(by),
            action=AuditAction.CASE_CHANGED,
            obj=locked,
            fields=sorted(changed),
            steps=sorted([row.key for row in added] + gone),
        )
    refresh(case, locked)
    return locked


def _applies(protocol: Protocol, key: str, conditions: dict[str, bool], track: str) -> bool:
    try:
        return protocol.step(key).applies(conditions, track)
    except KeyError:
        return True  # a key the protocol no longer names is left as it is (keys never change)
