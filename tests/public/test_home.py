from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_the_home_page_offers_to_raise_an_alert_and_to_open_the_mailbox(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/form/"' in html
    assert 'href="/my/"' in html


@pytest.mark.django_db
def test_the_quick_exit_is_the_first_link_of_every_page(client):
    html = client.get("/").content.decode()
    body = html.split("<body>", 1)[1]
    assert body.lstrip().startswith('<a id="quick-exit"')
    # Our own exit page, which ends an open mailbox, then leaves for the neutral site.
    assert 'href="/my/exit/" rel="noreferrer"' in body


@pytest.mark.django_db
def test_the_home_page_shows_the_emergency_numbers_of_both_jurisdictions(client):
    html = client.get("/").content.decode()
    for number in ("112", "103", "116 000", "3018", "119"):
        assert f">{number}</a>" in html
