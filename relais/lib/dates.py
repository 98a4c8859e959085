"""The one check for a date or date-time of a fact that a person gives (issue 10, "bad input").

A fact of a pupil's bullying cannot be older than the pupil: the floor is 1 January 2000 (a pupil
at school today was born after it; a family reporting years later still falls well after it), and
a year typed as 0001, 1900 or 0225 is caught as a slip. The floor also keeps every stored value
far from the edges where a conversion to UTC overflows (Python's year 1, which PostgreSQL would
store before Christ under the Brussels local-mean-time offset and then refuse to read back).

Nothing here converts a value to UTC: an aware value is compared as it is, a naive one is read in
the current (the jurisdiction's) time zone, so a value near year 1 or 9999 cannot overflow.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FLOOR = date(2000, 1, 1)
# A phone whose clock runs a little ahead may send "now" a few minutes in the future.
SKEW = timedelta(minutes=5)

_TOO_OLD = _("This date is too far back: Relais takes facts from %(year)d on. Check the year.")
_FUTURE = _("This date is in the future.")


def _too_old() -> ValidationError:
    return ValidationError(_TOO_OLD, code="too_old", params={"year": FLOOR.year})


def _future() -> ValidationError:
    return ValidationError(_FUTURE, code="future")


def _latest_day() -> date:
    return timezone.localtime(timezone.now() + SKEW).date()


def validate_fact_date(value: Any) -> None:
    """Refuse a date or date-time of a fact before FLOOR or in the future (ValidationError).

    ``None`` passes (the fields that may be empty are checked for that elsewhere). A naive
    date-time is read in the current time zone; an aware one is compared with its own offset.
    """
    if value is None:
        return
    if isinstance(value, datetime):
        zone = value.tzinfo or timezone.get_current_timezone()
        # Compared on their own wall clock and offset: no conversion, hence no overflow.
        if value.replace(tzinfo=zone) < datetime.combine(FLOOR, datetime.min.time(), zone):
            raise _too_old()
        if value.date() > _latest_day() + timedelta(days=1):
            raise _future()  # far ahead: said before any arithmetic that could overflow
        if value.replace(tzinfo=zone) > timezone.now() + SKEW:
            raise _future()
        return
    if not isinstance(value, date):
        raise TypeError(f"not a date: {value!r}")
    if value < FLOOR:
        raise _too_old()
    if value > _latest_day():
        raise _future()


def fact_date(value: Any) -> Any:
    """``validate_fact_date`` for a clean_* method: returns the value when it is acceptable."""
    validate_fact_date(value)
    return value
