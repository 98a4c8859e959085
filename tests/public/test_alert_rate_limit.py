from __future__ import annotations

from django.test import override_settings

from relais.alerts.models import Alert


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
def test_the_limit_counts_only_submissions_not_the_form_or_the_search(client, alert_form):
    for _ in range(5):
        assert client.get("/alert/", {"q": "saint"}).status_code == 200
    assert client.post("/alert/", alert_form).status_code == 200
