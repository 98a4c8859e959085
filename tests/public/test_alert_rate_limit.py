from __future__ import annotations

from django.test import override_settings

from relais.alerts.models import Alert
from tests.public.conftest import search


@override_settings(ALERT_RATE="3/3600")
def test_submissions_over_the_limit_get_a_429_and_store_nothing(client, alert_form):
    for _ in range(3):
        assert client.post("/alert/", alert_form).status_code == 200
    response = client.post("/alert/", alert_form)
    assert response.status_code == 429
    assert Alert.objects.count() == 3
    html = response.content.decode()
    assert "this one was not saved" in html
    assert "wait 60 minutes" in html
    # What the reporter wrote is still on the page, with no validation errors around it.
    assert alert_form["description"] in html
    assert 'class="error"' not in html


def test_a_flood_from_one_address_stores_only_up_to_the_limit(client, alert_form, settings):
    limit = int(settings.ALERT_RATE.split("/")[0])
    codes = [client.post("/alert/", alert_form).status_code for _ in range(limit + 40)]
    assert codes.count(200) == limit
    assert codes.count(429) == 40
    assert Alert.objects.count() == limit


@override_settings(ALERT_RATE="1/3600")
def test_the_limit_counts_only_sends_not_the_form_or_the_search(client, alert_form):
    for _ in range(5):
        assert client.get("/alert/").status_code == 200
        assert search(client, "saint", **alert_form).status_code == 200
    assert client.post("/alert/", {**alert_form, "action": "send"}).status_code == 200


@override_settings(SEARCH_RATE="3/600")
def test_searches_over_their_own_limit_get_a_429_and_keep_the_form(client, school, alert_form):
    for _ in range(3):
        assert search(client, "saint henri").status_code == 200
    response = search(client, "saint henri", **alert_form)
    assert response.status_code == 429
    html = response.content.decode()
    assert "this one was not done" in html
    assert "wait 10 minutes" in html
    assert alert_form["description"] in html
    assert 'class="error"' not in html
    # No school found is listed; the one already chosen stays.
    assert html.count('name="school_id"') == 1
    # Sending is a separate budget.
    assert client.post("/alert/", alert_form).status_code == 200


@override_settings(SEARCH_RATE="2/600")
def test_an_old_search_url_counts_as_a_search(client, school):
    for _ in range(2):
        assert client.get("/alert/", {"q": "henri"}).status_code == 200
    response = client.get("/alert/", {"q": "henri"})
    assert response.status_code == 429
    assert str(school.pk) not in response.content.decode()
    assert client.get("/alert/").status_code == 200
