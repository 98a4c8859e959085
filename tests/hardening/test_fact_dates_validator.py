"""relais.lib.dates: the one check for the date of a fact, at its edges and without overflow."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone as dj_timezone
from django.utils import translation

from relais.lib.dates import FLOOR, SKEW, validate_fact_date

BRUSSELS = ZoneInfo("Europe/Brussels")


def _code(value) -> str | None:
    try:
        validate_fact_date(value)
    except ValidationError as error:
        return error.code
    return None


@pytest.mark.parametrize(
    "value",
    [
        date(1, 1, 1),
        date(1999, 12, 31),
        datetime(1, 1, 1),  # naive: read in Brussels, whose offset before 1892 is +00:17:30
        datetime(1, 1, 1, tzinfo=BRUSSELS),
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))),
        datetime(1900, 1, 1, 12),
        datetime(1999, 12, 31, 23, 59, tzinfo=BRUSSELS),
    ],
)
def test_a_date_before_2000_is_too_old(value):
    assert _code(value) == "too_old"


@pytest.mark.parametrize(
    "value",
    [
        date(9999, 12, 31),
        datetime(9999, 12, 31, 23, 59, 59),
        datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-14))),
        date.today() + timedelta(days=2),
    ],
)
def test_a_date_in_the_future_is_refused(value):
    assert _code(value) == "future"


def test_the_floor_and_now_are_taken():
    assert date(2000, 1, 1) == FLOOR
    assert _code(FLOOR) is None
    assert _code(datetime(2000, 1, 1, 0, 0)) is None
    assert _code(datetime(2000, 1, 1, 0, 0, tzinfo=BRUSSELS)) is None
    assert _code(dj_timezone.localdate()) is None
    assert _code(None) is None


def test_a_phone_clock_a_little_ahead_is_forgiven_but_not_more():
    now = dj_timezone.now()
    assert _code(now + SKEW - timedelta(seconds=30)) is None
    assert _code(now + SKEW + timedelta(minutes=1)) == "future"
    assert _code((now + timedelta(hours=1)).astimezone(UTC)) == "future"


def _message(language: str) -> str:
    with translation.override(language), pytest.raises(ValidationError) as caught:
        validate_fact_date(date(1900, 1, 1))
    with translation.override(language):
        return caught.value.messages[0]  # a lazy message: read it in the language


def test_the_message_speaks_the_readers_language():
    assert "trop ancienne" in _message("fr") and "2000" in _message("fr")
    assert "te ver terug" in _message("nl")
