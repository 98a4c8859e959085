from __future__ import annotations

import pytest

from tests.factories import SchoolFactory


def test_the_school_search_is_a_plain_get_form(client, school):
    html = client.get("/alert/").content.decode()
    assert '<form id="school-search-form" class="search" method="get" action="/alert/"' in html
    assert 'name="q"' in html


def test_a_search_lists_matching_schools_as_radio_buttons_inside_the_alert_form(client, school):
    html = client.get("/alert/", {"q": "saint henri"}).content.decode()
    alert_form = html.split('id="alert-form"', 1)[1]
    assert f'type="radio" name="school_id" id="id_school_id_0" value="{school.pk}"' in alert_form
    assert "Institut Saint-Henri" in alert_form


def test_a_search_ignores_accents_and_case(client, fr_school):
    html = client.get("/alert/", {"q": "COLLEGE anne de bretagne"}).content.decode()
    assert str(fr_school.pk) in html


def test_a_search_finds_a_school_by_postcode_or_code(client, fr_school):
    assert str(fr_school.pk) in client.get("/alert/", {"q": "35000"}).content.decode()
    assert str(fr_school.pk) in client.get("/alert/", {"q": "0350001a"}).content.decode()


@pytest.mark.django_db
def test_a_search_shows_at_most_twenty_schools(client):
    SchoolFactory.create_batch(25, name="École communale", city="Tournai")
    html = client.get("/alert/", {"q": "tournai"}).content.decode()
    assert html.count('name="school_id"') == 20


def test_a_closed_school_is_not_offered(client, school):
    SchoolFactory(name="Institut Saint-Henri annexe", is_open=False)
    html = client.get("/alert/", {"q": "saint-henri"}).content.decode()
    assert html.count('name="school_id"') == 1


def test_a_search_without_result_says_what_to_try(client, school):
    response = client.get("/alert/", {"q": "nowhere at all"})
    assert response.status_code == 200
    assert 'id="no-school"' in response.content.decode()


def test_an_empty_search_lists_nothing_and_explains_the_first_step(client, school):
    html = client.get("/alert/", {"q": " "}).content.decode()
    assert 'name="school_id"' not in html
    assert 'id="no-school"' not in html
