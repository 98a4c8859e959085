"""The API's rate limits: only accepted alerts count, the window slides, the 429 says exactly how
long in the request's language, and a refused alert that says danger carries the numbers."""

from __future__ import annotations

import time

import pytest
from django.test import override_settings

from relais.alerts.models import Alert
from relais.lib.net import client_key
from tests.api.conftest import ApiClient, assert_error

pytestmark = pytest.mark.django_db

HOUR = 3600


def _sent_earlier(*ages: float, scope: str = "alert", rate: str = "10/3600") -> None:
    """Count events made ``ages`` seconds ago by the test client (127.0.0.1)."""
    from relais.lib.ratelimit import take

    for age in ages:
        assert take(scope, client_key("127.0.0.1"), rate, now=time.time() - age).allowed


@override_settings(ALERT_RATE="2/3600")
def test_refused_bodies_do_not_count(api, alert_body):
    for _ in range(5):
        assert_error(api.post("/alerts", {**alert_body, "good_faith": False}), 422)
    assert api.post("/alerts", alert_body).status_code == 201
    assert api.post("/alerts", alert_body).status_code == 201
    assert_error(api.post("/alerts", alert_body), 429)
    assert Alert.objects.count() == 2


def test_the_429_says_how_long_exactly_in_the_requests_language(school, alert_body):
    started = time.monotonic()
    _sent_earlier(HOUR - 125, *range(1, 10))
    response = ApiClient(language="fr").post("/alerts", alert_body)
    # The wait counts down while the request runs: on a loaded machine a second may pass.
    passed = int(time.monotonic() - started)
    body = assert_error(response, 429)
    assert "3 minutes" in body["detail"]
    assert "un peu" not in body["detail"]
    assert 125 - passed - 1 <= int(response["Retry-After"]) <= 126
    assert "emergency" not in body
    english = assert_error(ApiClient(language="en").post("/alerts", alert_body), 429)
    assert "Wait 3 minutes, then try again." in english["detail"]
    dutch = assert_error(ApiClient(language="nl").post("/alerts", alert_body), 429)
    assert "3 minuten" in dutch["detail"]
    assert Alert.objects.count() == 0


def test_a_refused_alert_that_says_danger_carries_the_schools_numbers(school, alert_body):
    _sent_earlier(*range(10))
    response = ApiClient(language="fr").post("/alerts", {**alert_body, "immediate_danger": True})
    assert response.status_code == 429
    body = response.json()
    assert set(body) == {"detail", "errors", "emergency"}
    numbers = {entry["number"]: entry["name"] for entry in body["emergency"]}
    assert numbers["112"] == "Urgences (tous services)"
    assert numbers["101"] == "Police"
    assert "103" in numbers
    assert "116 000" in numbers
    assert "3018" not in numbers  # the school is in Belgium
    assert Alert.objects.count() == 0


def test_the_window_slides(api, alert_body):
    _sent_earlier(HOUR + 2, *range(100, 109))  # the oldest of ten has just left the window
    assert api.post("/alerts", alert_body).status_code == 201
    assert_error(api.post("/alerts", alert_body), 429)


@override_settings(RECEIPT_LOGIN_RATE="20/600")
def test_receipt_logins_say_how_long_and_give_retry_after(api):
    started = time.monotonic()
    _sent_earlier(600 - 200, *range(1, 20), scope="receipt", rate="20/600")
    response = api.post("/mailbox/session", {"receipt": "AAAA-BBBB-CCCC-DDDD-EEEE"})
    passed = int(time.monotonic() - started)
    body = assert_error(response, 429)
    assert "Wait 4 minutes, then try again." in body["detail"]
    assert 200 - passed - 1 <= int(response["Retry-After"]) <= 200
