"""relais.lib.ratelimit on a clock the test moves (``now``): a sliding window, not clock windows."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from relais.lib.ratelimit import check, give_back, take

pytestmark = pytest.mark.django_db

EDGE = 600 * 3_000_000  # a fixed 600 s window starts here: the edge the old limit reset at


def test_a_window_edge_does_not_reset_the_count():
    # 20 receipt attempts in the last 10 s before an edge, then 59 more in the 10 s after it.
    for n in range(20):
        assert take("receipt", "k", "20/600", now=EDGE - 10 + n * 0.5).allowed
    allowed = [take("receipt", "k", "20/600", now=EDGE + n * 0.17).allowed for n in range(59)]
    assert not any(allowed)


def test_each_event_leaves_the_window_exactly_one_window_later():
    times = [EDGE - 300 + 30 * n for n in range(10)]  # 5 before the edge, 5 after
    for at in times:
        assert take("alert", "k", "10/3600", now=at).allowed
    assert not take("alert", "k", "10/3600", now=times[0] + 3599.5).allowed
    assert take("alert", "k", "10/3600", now=times[0] + 3600.5).allowed
    assert not take("alert", "k", "10/3600", now=times[0] + 3601).allowed
    assert take("alert", "k", "10/3600", now=times[1] + 3600.5).allowed


def test_the_wait_is_until_the_oldest_event_leaves():
    for at in (EDGE + 10, EDGE + 70, EDGE + 130):
        take("alert", "k", "3/3600", now=at)
    refused = take("alert", "k", "3/3600", now=EDGE + 3600 - 125)
    assert not refused.allowed
    assert refused.wait_seconds == 135
    assert refused.wait_minutes == 3
    assert take("alert", "k", "3/3600", now=EDGE + 3610.5).allowed


def test_a_wait_of_a_few_seconds_is_said_as_one_minute():
    take("alert", "k", "1/60", now=EDGE)
    refused = check("alert", "k", "1/60", now=EDGE + 59.5)
    assert (refused.allowed, refused.wait_seconds, refused.wait_minutes) == (False, 1, 1)


def test_check_counts_nothing_and_give_back_frees_the_place():
    for _ in range(5):
        assert check("alert", "k", "1/3600", now=EDGE).allowed
    counted = take("alert", "k", "1/3600", now=EDGE)
    assert counted.allowed
    assert not check("alert", "k", "1/3600", now=EDGE + 1).allowed
    give_back(counted)
    assert take("alert", "k", "1/3600", now=EDGE + 2).allowed


def test_refusals_are_not_counted():
    take("alert", "k", "1/3600", now=EDGE)
    for n in range(50):
        assert not take("alert", "k", "1/3600", now=EDGE + 1 + n).allowed
    assert take("alert", "k", "1/3600", now=EDGE + 3600.5).allowed


def test_clients_and_scopes_are_counted_apart():
    assert take("alert", "a", "1/3600", now=EDGE).allowed
    assert take("alert", "b", "1/3600", now=EDGE).allowed
    assert take("receipt", "a", "1/3600", now=EDGE).allowed
    assert not take("alert", "a", "1/3600", now=EDGE).allowed


@override_settings(RATELIMIT_ENABLED=False)
def test_limits_can_be_turned_off():
    assert all(take("alert", "k", "1/3600", now=EDGE).allowed for _ in range(5))


@pytest.mark.skipif(
    not settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"),
    reason="the keys are read from the database cache table",
)
def test_the_cache_table_holds_no_address(client, alert_form):
    client.post(reverse("public:alert"), alert_form, REMOTE_ADDR="127.45.67.89")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM relais_cache")
        rows = cursor.fetchall()
    assert any(":alert:" in key for key, _value in rows)
    assert not any("127.45.67.89" in f"{key} {value}" for key, value in rows)
