"""What the family sees of the school's work (issue 12, point 6): the steps a protocol marks as
visible to the family, recorded in any case that gathers their alert, in the protocol's plain
words and the day the school recorded them, oldest first, each backed by its proof-log entry.

Never a name, a note, what was recorded (CaseStep.value), nor who recorded it: only the step's
family words and its date. The mailbox page and the API's `school_steps` read this one list,
made by one query, so that both say the same.

No case, or no visible step recorded yet: the list is empty and the mailbox says nothing. An
absent record does not mean the school did nothing (it may act outside Relais, or not have
recorded it yet); telling a child "the school has done nothing" could make them give up, or feel
it was pointless to speak. What the family reads here is only what the school put on record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.alerts.models import Alert
from relais.cases.models import CaseStep
from relais.notices.texts import TextsError, texts_for
from relais.proofs.models import ProofEntry
from relais.protocols.loader import get_protocol


@dataclass(frozen=True)
class SchoolStep:
    # Its place in the family's list (1, 2, 3…): the proof's URL says this, never an id.
    number: int
    key: str
    # The protocol's family words, in the active language.
    title: str
    done_at: datetime
    # The day, where the school is.
    done_on: date
    entry_id: int | None


def _zone(jurisdiction: str) -> ZoneInfo:
    """The school's time zone (its pack's, as its notices): the day the school lived it."""
    try:
        return ZoneInfo(texts_for(jurisdiction).time_zone)
    except TextsError:
        return ZoneInfo(str(settings.TIME_ZONE))


def _family_words(protocol_key: str, step_key: str) -> str:
    """The step's family words. A protocol or step this version no longer ships (a key once
    used never changes, but a pack may drop a protocol) still shows as a recorded step, in
    general words: the proof is there, and hiding it would hide what the school did."""
    try:
        words = get_protocol(protocol_key).step(step_key).family_words()
    except KeyError:
        words = ""
    return words or _("The school recorded a step of its procedure")


def _recorded(alert: Alert) -> QuerySet[CaseStep]:
    """The family-visible steps recorded in the cases gathering the alert since they gather it,
    oldest first: the join on CaseAlert gives each step once, since a case gathers an alert once,
    and both conditions on the link, in one filter(), read the same link row."""
    return CaseStep.objects.filter(
        case__links__alert=alert,
        done_at__gte=F("case__links__linked_at"),
        family_visible=True,
        done_at__isnull=False,
    ).order_by("done_at", "id")


def school_steps_for(alert: Alert) -> list[SchoolStep]:
    """What the family reads of the school's work, oldest first, in one query."""
    rows = _recorded(alert).values_list("key", "done_at", "entry_id", "case__protocol")
    zone = _zone(alert.school.jurisdiction)
    steps = []
    for number, (key, done_at, entry_id, protocol) in enumerate(rows, start=1):
        assert done_at is not None  # the query reads recorded steps only
        day = timezone.localtime(done_at, zone).date()
        title = _family_words(protocol, key)
        steps.append(SchoolStep(number, key, title, done_at, day, entry_id))
    return steps


# Far above any protocol's steps; a larger number in a link is not a step.
MAX_STEP_NUMBER = 10_000


def school_step_entry(alert: Alert, number: int) -> ProofEntry | None:
    """The proof-log entry of the family's ``number``-th school step (1, 2, 3…), or None."""
    # Bounded before it reaches the database: a number past a bigint (the URL takes any digits)
    # makes the OFFSET fail on PostgreSQL and SQLite alike; no case has this many steps.
    if not 1 <= number <= MAX_STEP_NUMBER:
        return None
    found = list(_recorded(alert).values_list("entry_id", flat=True)[number - 1 : number])
    if not found or found[0] is None:
        return None
    return ProofEntry.objects.filter(pk=found[0]).first()


def family_entries(alert: Alert, steps: list[SchoolStep]) -> list[ProofEntry]:
    """The alert's own entries and those of the school's steps its family sees, oldest first.

    A step's entry is attached to the case's first alert only; another alert the case gathers
    reaches it here, so that every family that reads a step in `school_steps` also holds its
    proof. One query more only when such a step exists."""
    own = list(ProofEntry.objects.filter(alert=alert).order_by("id"))
    held = {entry.pk for entry in own}
    missing = [s.entry_id for s in steps if s.entry_id is not None and s.entry_id not in held]
    if not missing:
        return own
    return sorted([*own, *ProofEntry.objects.filter(pk__in=missing)], key=lambda entry: entry.pk)
