"""The school search is part of the POSTed alert form: no school name in a URL or the history."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from relais.alerts.models import Alert
from tests.factories import SchoolFactory
from tests.public.conftest import form_data, search, token_in


def _alert_form(html: str) -> str:
    match = re.search(r'<form id="alert-form".*?</form>', html, re.S)
    assert match, "no alert form"
    return match.group(0)


def test_the_search_box_and_button_are_inside_the_posted_alert_form(client, school):
    form = _alert_form(client.get("/alert/").content.decode())
    assert form.startswith(
        f'<form id="alert-form" method="post" action="{reverse("public:alert")}"'
    )
    assert '<input type="search" id="q" name="q"' in form
    assert 'id="search-button" name="action" value="search"' in form


def test_the_search_button_is_the_first_and_the_send_button_the_last(client, school):
    # The first submit button is the one Enter presses in a text box, with or without JavaScript.
    form = _alert_form(client.get("/alert/").content.decode())
    buttons = re.findall(r"<button[^>]*>", form)
    assert all('type="submit"' in button for button in buttons)
    assert 'value="search"' in buttons[0]
    assert 'value="send"' in buttons[-1]
    assert len(buttons) == 2


def test_no_public_page_searches_by_url(client, school):
    html = client.get("/alert/").content.decode() + search(client, "henri").content.decode()
    assert 'method="get"' not in html
    assert "?q=" not in html


def test_a_search_lists_matching_schools_as_radio_buttons_inside_the_alert_form(client, school):
    response = search(client, "saint henri")
    assert response.status_code == 200
    form = _alert_form(response.content.decode())
    assert f'type="radio" name="school_id" id="id_school_id_0" value="{school.pk}"' in form
    assert "Institut Saint-Henri" in form


def test_a_search_lands_on_the_school_step(client, school):
    html = client.get("/alert/").content.decode()
    assert f'formaction="{reverse("public:alert")}#step-school"' in html
    assert 'id="step-school"' in html


def test_a_search_ignores_accents_and_case(client, fr_school):
    assert str(fr_school.pk) in search(client, "COLLEGE anne de bretagne").content.decode()


def test_a_search_finds_a_school_by_postcode_or_code(client, fr_school):
    assert str(fr_school.pk) in search(client, "35000").content.decode()
    assert str(fr_school.pk) in search(client, "0350001a").content.decode()


@pytest.mark.django_db
def test_a_search_shows_at_most_twenty_schools(client):
    SchoolFactory.create_batch(25, name="École communale", city="Tournai")
    html = search(client, "tournai").content.decode()
    assert html.count('name="school_id"') == 20


def test_a_closed_school_is_not_offered(client, school):
    SchoolFactory(name="Institut Saint-Henri annexe", is_open=False)
    html = search(client, "saint-henri").content.decode()
    assert html.count('name="school_id"') == 1


def test_a_search_without_result_says_what_to_try(client, school):
    response = search(client, "nowhere at all")
    assert response.status_code == 200
    assert 'id="no-school"' in response.content.decode()


def test_an_empty_search_lists_nothing_and_explains_the_first_step(client, school):
    html = search(client, " ").content.decode()
    assert 'name="school_id"' not in html
    assert 'id="no-school"' not in html


def test_a_search_keeps_everything_written_and_judges_nothing(client, school):
    filled = form_data(school, school_id=None, good_faith=None, class_grade="2e A")
    response = search(client, "henri", **filled)
    assert response.status_code == 200
    html = response.content.decode()
    assert filled["description"] in html
    assert 'value="2e A"' in html
    assert 'value="2025-01-10"' in html
    for name, value in (("reporter_role", "witness"), ("categories", "harcelement")):
        tag = re.search(rf'<input[^>]*name="{name}" value="{value}"[^>]*>', html)
        assert tag and "checked" in tag.group(0), name
    assert 'class="error"' not in html
    assert 'id="error-summary"' not in html


def test_a_search_keeps_the_school_already_chosen(client, school, fr_school):
    html = search(client, "bretagne", school_id=str(school.pk)).content.decode()
    chosen = re.search(rf'<input[^>]*value="{school.pk}"[^>]*>', html)
    assert chosen and "checked" in chosen.group(0)
    assert str(fr_school.pk) in html


def test_a_search_never_sends_even_a_complete_form(client, school, alert_form):
    response = search(client, "henri", **alert_form)
    assert response.status_code == 200
    assert Alert.objects.count() == 0
    assert 'id="receipt"' not in response.content.decode()


def test_a_search_keeps_the_forms_submission_token(client, school):
    token = token_in(client.get("/alert/").content.decode())
    assert token_in(search(client, "henri", submission=token).content.decode()) == token


def test_an_old_search_url_still_lists_schools(client, school):
    assert str(school.pk) in client.get("/alert/", {"q": "saint henri"}).content.decode()


@pytest.mark.django_db
def test_more_matches_than_shown_say_how_to_narrow_the_search(client):
    SchoolFactory.create_batch(21, name="École communale", city="Tournai")
    html = search(client, "tournai").content.decode()
    assert html.count('name="school_id"') == 20
    assert 'id="more-schools"' in html
    assert "20" in re.search(r'<p id="more-schools"[^>]*>(.*?)</p>', html, re.S).group(1)


@pytest.mark.django_db
def test_twenty_matches_are_all_shown_without_a_warning(client):
    SchoolFactory.create_batch(20, name="École communale", city="Tournai")
    html = search(client, "tournai").content.decode()
    assert html.count('name="school_id"') == 20
    assert 'id="more-schools"' not in html


@pytest.mark.django_db
def test_the_best_matches_come_first_and_capitals_do_not(client):
    # Before: sorted by name as stored, so that capitals came first and cut the others off.
    SchoolFactory.create_batch(25, name="ECOLE COMMUNALE", city="Dottignies (Mouscron)")
    lycee = SchoolFactory(name="athénée royal", city="Mouscron")
    html = search(client, "mouscron").content.decode()
    assert re.findall(r'name="school_id" id="id_school_id_0" value="([^"]+)"', html) == [
        str(lycee.pk)
    ]


@pytest.mark.django_db
def test_a_whole_word_of_the_town_comes_before_a_part_of_a_word(client):
    town = SchoolFactory(name="École du Centre", city="Mouscron")
    SchoolFactory(name="Institut des Mouscronnois", city="Tournai")
    html = search(client, "mouscron").content.decode()
    assert re.findall(r'name="school_id" id="id_school_id_0" value="([^"]+)"', html) == [
        str(town.pk)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["ste marie", "st henri", "Moeskroen", "st-henri marie"])
def test_abbreviations_and_the_dutch_name_of_the_town_find_the_school(client, query):
    school = SchoolFactory(name="Collège Sainte-Marie Saint-Henri", city="Mouscron")
    assert f'value="{school.pk}"' in search(client, query).content.decode()


@pytest.mark.parametrize("query", ["ab\x00cd", "\x00", "henri\x00"])
def test_a_nul_byte_in_the_search_is_never_an_error(client, school, query):
    for response in (search(client, query), client.get("/alert/", {"q": query})):
        assert response.status_code == 200
        html = response.content.decode()
        assert "\x00" not in html
        if "henri" in query:
            assert f'value="{school.pk}"' in html
        elif query.strip("\x00"):
            assert 'id="no-school"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"),
    [("fr", "Plus de 20 écoles correspondent"), ("nl", "Meer dan 20 scholen komen overeen")],
)
def test_the_advice_to_narrow_the_search_speaks_the_readers_language(language, words):
    SchoolFactory.create_batch(21, name="École communale", city="Tournai")
    client = Client(headers={"accept-language": language})
    response = client.post("/alert/", {"q": "tournai", "action": "search"}, follow=True)
    html = response.content.decode()
    assert words in html
