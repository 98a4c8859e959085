"""The alert form's rate limit: only accepted alerts count, the window slides, the wait is said
exactly, and a refused post that says someone is in danger shows the emergency numbers at once.

The clock is moved by counting earlier sends at chosen times (relais.lib.ratelimit.take's
``now``), so nothing sleeps: the view counts on the real clock against those times.
"""

from __future__ import annotations

import re
import time

from django.test import override_settings
from django.urls import reverse

from relais.alerts.models import Alert
from relais.lib.net import client_key
from tests.public.conftest import form_data, search, token_in

HOUR = 3600

ALERT_URL = reverse("public:alert")


def _sent_earlier(*ages: float, rate: str = "10/3600") -> None:
    """Count sends made ``ages`` seconds ago from the test client's address (127.0.0.1)."""
    from relais.lib.ratelimit import take

    key = client_key("127.0.0.1")
    for age in ages:
        assert take("alert", key, rate, now=time.time() - age).allowed


def _urgent_box(html: str) -> str:
    match = re.search(r'<section id="danger-now".*?</section>', html, re.S)
    assert match, "no emergency numbers in the refusal"
    return match.group(0)


@override_settings(ALERT_RATE="3/3600")
def test_submissions_over_the_limit_get_a_429_and_store_nothing(client, alert_form):
    for _ in range(3):
        assert client.post(ALERT_URL, alert_form, follow=True).status_code == 200
    response = client.post(ALERT_URL, alert_form, follow=True)
    assert response.status_code == 429
    assert Alert.objects.count() == 3
    html = response.content.decode()
    assert "this one was not saved" in html
    # The three sends were made within the last second: the first leaves the window in an hour.
    assert "wait 60 minutes" in html
    assert "wait a little" not in html.lower()
    # What the reporter wrote is still on the page, with no validation errors around it.
    assert alert_form["description"] in html
    assert 'class="error"' not in html


def test_a_flood_from_one_address_stores_only_up_to_the_limit(client, alert_form, settings):
    limit = int(settings.ALERT_RATE.split("/")[0])
    codes = [client.post(ALERT_URL, alert_form, follow=True).status_code for _ in range(limit + 40)]
    assert codes.count(200) == limit
    assert codes.count(429) == 40
    assert Alert.objects.count() == limit


def test_the_eleventh_post_saying_danger_shows_the_schools_numbers_with_their_names(
    client, alert_form
):
    for _ in range(10):
        assert client.post(ALERT_URL, alert_form, follow=True).status_code == 200
    response = client.post(ALERT_URL, {**alert_form, "immediate_danger": "on"}, follow=True)
    assert response.status_code == 429
    html = response.content.decode()
    main = html.split('<main id="main" tabindex="-1">', 1)[1]
    box = _urgent_box(main)
    # Before anything else of the refusal, outside any folded <details>, with their names.
    assert main.index('id="danger-now"') < main.index("this one was not saved")
    assert "<details" not in box
    for number, name in (("112", "Emergency (all services)"), ("101", "Police"), ("103", "")):
        assert f">{number}</a>" in box
        assert name in box
    assert "Écoute-Enfants" in box
    assert "Child Focus" in box
    # The school is in Belgium: no French numbers.
    assert ">3018</a>" not in box
    assert ">119</a>" not in box
    assert Alert.objects.count() == 10


def test_a_refusal_without_danger_does_not_add_the_urgent_box(client, alert_form):
    for _ in range(10):
        client.post(ALERT_URL, alert_form, follow=True)
    response = client.post(ALERT_URL, alert_form, follow=True)
    assert response.status_code == 429
    assert 'id="danger-now"' not in response.content.decode()


def test_the_urgent_box_follows_the_schools_jurisdiction(client, fr_school):
    data = form_data(fr_school, immediate_danger="on")
    for _ in range(10):
        client.post(ALERT_URL, form_data(fr_school), follow=True)
    box = _urgent_box(client.post(ALERT_URL, data, follow=True).content.decode())
    assert ">3018</a>" in box
    assert ">119</a>" in box
    assert ">103</a>" not in box


@override_settings(ALERT_RATE="2/3600")
def test_refused_validations_do_not_count(client, school, alert_form):
    for _ in range(5):
        refused = client.post(ALERT_URL, form_data(school, good_faith=None), follow=True)
        assert refused.status_code == 400
    assert client.post(ALERT_URL, alert_form, follow=True).status_code == 200
    assert client.post(ALERT_URL, alert_form, follow=True).status_code == 200
    assert client.post(ALERT_URL, alert_form, follow=True).status_code == 429


def test_the_window_slides_instead_of_following_the_clock_hour(client, school, alert_form):
    # Ten sends between 59 and 50 minutes ago: whatever the clock hour, the limit is reached.
    _sent_earlier(*(3540 - 60 * n for n in range(10)))
    refused = client.post(ALERT_URL, alert_form, follow=True)
    assert refused.status_code == 429
    # The oldest leaves the window in about a minute.
    assert "wait a minute," in refused.content.decode()
    assert Alert.objects.count() == 0


def test_sends_older_than_the_window_no_longer_count(client, school, alert_form):
    _sent_earlier(HOUR + 5, *(3000 - 10 * n for n in range(9)))
    assert client.post(ALERT_URL, alert_form, follow=True).status_code == 200
    assert client.post(ALERT_URL, alert_form, follow=True).status_code == 429


def test_the_message_says_exactly_how_long_to_wait(client, school, alert_form):
    # The oldest of ten sends leaves the window in 125 s: three minutes, rounded up.
    _sent_earlier(HOUR - 125, *range(1, 10))
    html = client.post(ALERT_URL, alert_form, follow=True).content.decode()
    assert "wait 3 minutes, then send it again" in html


def test_the_wait_is_said_in_french_with_the_right_plural(client, school, alert_form):
    _sent_earlier(HOUR - 125, *range(1, 10))
    client.cookies["django_language"] = "fr"
    html = client.post(ALERT_URL, alert_form, follow=True).content.decode()
    assert "attendez 3 minutes" in html
    assert "un peu" not in html
    client.cookies["django_language"] = "nl"  # the refusal counted nothing: still at the limit
    html = client.post(ALERT_URL, alert_form, follow=True).content.decode()
    assert "3 minuten" in html


@override_settings(ALERT_RATE="1/3600")
def test_the_limit_counts_only_sends_not_the_form_or_the_search(client, alert_form):
    for _ in range(5):
        assert client.get(ALERT_URL).status_code == 200
        assert search(client, "saint", **alert_form).status_code == 200
    assert client.post(ALERT_URL, {**alert_form, "action": "send"}, follow=True).status_code == 200


@override_settings(SEARCH_RATE="3/600")
def test_searches_over_their_own_limit_get_a_429_and_keep_the_form(client, school, alert_form):
    for _ in range(3):
        assert search(client, "saint henri").status_code == 200
    response = search(client, "saint henri", **alert_form)
    # The refused search answers 303 like any other (its POST holds the description); the page
    # after it says why nothing was searched.
    assert response.status_code == 200
    html = response.content.decode()
    assert "this one was not done" in html
    assert "wait 10 minutes" in html
    assert alert_form["description"] in html
    assert 'class="error"' not in html
    # No school found is listed; the one already chosen stays.
    assert html.count('name="school_id"') == 1
    # Sending is a separate budget.
    assert client.post(ALERT_URL, alert_form, follow=True).status_code == 200


@override_settings(SEARCH_RATE="2/600")
def test_an_old_search_url_counts_as_a_search(client, school):
    for _ in range(2):
        assert client.get(ALERT_URL, {"q": "henri"}).status_code == 200
    response = client.get(ALERT_URL, {"q": "henri"})
    assert response.status_code == 429
    assert str(school.pk) not in response.content.decode()
    assert client.get(ALERT_URL).status_code == 200


def test_a_form_to_fix_that_says_danger_shows_the_numbers_at_once_too(client, fr_school):
    response = client.post(
        ALERT_URL, form_data(fr_school, good_faith=None, immediate_danger="on"), follow=True
    )
    assert response.status_code == 400
    box = _urgent_box(response.content.decode())
    assert ">3018</a>" in box
    assert ">119</a>" in box
    without = client.post(ALERT_URL, form_data(fr_school, good_faith=None), follow=True)
    assert 'id="danger-now"' not in without.content.decode()


def test_a_form_refused_at_the_limit_can_be_sent_once_the_wait_is_over(client, alert_form):
    token = token_in(client.get(ALERT_URL).content.decode())
    with override_settings(ALERT_RATE="1/3600"):
        assert client.post(ALERT_URL, alert_form, follow=True).status_code == 200
        refused = client.post(ALERT_URL, {**alert_form, "submission": token}, follow=True)
        assert refused.status_code == 429
        assert token_in(refused.content.decode()) == token
    with override_settings(ALERT_RATE="2/3600"):  # as if the first send had left the window
        assert (
            client.post(ALERT_URL, {**alert_form, "submission": token}, follow=True).status_code
            == 200
        )
    assert Alert.objects.count() == 2
