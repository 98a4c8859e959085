"""03/04/24: the date order is decided once per file, from all its dates, then from hints."""

import pytest

from relais.chatexports import parse_export


def first_date(text, **kwargs):
    result = parse_export(text.encode(), name_hint="chat.txt", tz=None, **kwargs)
    return result.events[0].occurred_at.date().isoformat()


def test_a_day_above_12_anywhere_makes_the_whole_file_day_first():
    text = "03/04/24, 10:00 - Léa: a\n25/04/24, 10:00 - Léa: b\n"

    assert first_date(text) == "2024-04-03"


def test_a_second_field_above_12_anywhere_makes_the_whole_file_month_first():
    text = "03/04/24, 10:00 - Léa: a\n04/25/24, 10:00 - Léa: b\n"

    assert first_date(text) == "2024-03-04"


def test_evidence_in_the_dates_wins_over_the_callers_choice():
    text = "03/04/24, 10:00 - Léa: a\n25/04/24, 10:00 - Léa: b\n"

    assert first_date(text, day_first=False) == "2024-04-03"


@pytest.mark.parametrize(("day_first", "expected"), [(True, "2024-04-03"), (False, "2024-03-04")])
def test_the_callers_choice_settles_an_ambiguous_file(day_first, expected):
    assert first_date("03/04/24, 10:00 - Léa: a\n", day_first=day_first) == expected


def test_the_only_reading_in_which_dates_never_go_backwards_is_chosen():
    # Day first: 3 Apr, 4 Apr, 1 May. Month first: 4 Mar, 4 Apr, 5 Jan (backwards).
    text = "03/04/24, 10:00 - A: a\n04/04/24, 10:00 - A: b\n01/05/24, 10:00 - A: c\n"

    assert first_date(text) == "2024-04-03"


def test_an_english_clock_means_month_first_when_nothing_else_decides():
    assert first_date("03/04/24, 10:00 AM - Léa: a\n") == "2024-03-04"


def test_french_words_mean_day_first_even_with_an_am_pm_clock():
    text = "03/04/24, 10:00 AM - Léa: IMG-1.jpg (fichier joint)\n"

    assert first_date(text) == "2024-04-03"


def test_dotted_dates_are_day_first():
    assert first_date("03.04.24, 10:00 - Léa: a\n") == "2024-04-03"


def test_day_first_is_the_default_for_french_and_belgian_users():
    assert first_date("03/04/24, 10:00 - Léa: a\n") == "2024-04-03"


def test_spanish_twelve_hour_marks_are_read():
    result = parse_export(
        b"01/30/2019, 00:08 a. m. - A: x\n01/30/2019, 12:10 p. m. - A: y\n",
        name_hint="chat.txt",
        tz=None,
    )

    assert [e.occurred_at.isoformat() for e in result.events] == [
        "2019-01-30T00:08:00",
        "2019-01-30T12:10:00",
    ]


def test_an_impossible_date_is_reported_with_its_line_and_kept_without_a_time():
    result = parse_export(
        b"25/04/24, 10:00 - A: a\n31/02/24, 10:00 - A: b\n", name_hint="c.txt", tz=None
    )

    assert result.events[1].occurred_at is None
    assert result.events[1].text == "b"
    assert result.problems == ["Line 2: The date or time of this message is not valid."]


def test_a_day_first_country_reads_an_ambiguous_file_day_first_and_still_asks():
    # An English 12-hour clock would have meant month first; the alert is Belgian or French.
    text = "[05/10/2026, 8:01:00 PM] Noah: a\n[05/11/2026, 8:03:00 PM] Noah: b\n"
    result = parse_export(text.encode(), name_hint="chat.txt", tz=None, prefer_day_first=True)

    assert result.events[0].occurred_at.date().isoformat() == "2026-10-05"
    assert result.dates_ambiguous
    assert "2026-10-05" in result.problems[0]


def test_the_preference_does_not_overrule_the_dates():
    text = "03/04/24, 10:00 - Léa: a\n04/25/24, 10:00 - Léa: b\n"

    assert first_date(text, prefer_day_first=True) == "2024-03-04"
