from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.public.conftest import form_data


def _switch(client: Client, language: str) -> None:
    response = client.post("/i18n/setlang/", {"language": language, "next": "/form/"})
    assert response.status_code == 302
    assert response["Location"] == "/form/"


@pytest.mark.django_db
def test_french_is_the_default(client, settings):
    settings.LANGUAGE_CODE = "fr"  # the project's own setting, which conftest changes for tests
    response = client.get("/")
    assert response["Content-Language"] == "fr"
    assert '<html lang="fr">' in response.content.decode()
    assert "Sortie rapide" in response.content.decode()


@pytest.mark.parametrize("language", ["nl", "en", "fr"])
def test_the_language_switcher_changes_the_page_language(client, school, language):
    _switch(client, language)
    response = client.get("/form/")
    assert response["Content-Language"] == language
    assert f'<html lang="{language}">' in response.content.decode()


@pytest.mark.django_db
def test_every_public_page_offers_the_three_languages_without_javascript(client):
    html = client.get("/").content.decode()
    form = re.search(r'<form id="language-form".*?</form>', html, re.S)
    assert form and 'action="/i18n/setlang/"' in form.group(0)
    for code, name in (("fr", "Français"), ("nl", "Nederlands"), ("en", "English")):
        assert f'name="language" value="{code}" lang="{code}"' in form.group(0)
        assert name in form.group(0)


def test_errors_come_in_dutch_after_switching_to_dutch(client, school):
    _switch(client, "nl")
    # class_grade's length message is Django's own, already translated into Dutch.
    response = client.post("/form/", form_data(school, class_grade="x" * 41))
    assert response.status_code == 400
    assert "Zorg dat deze waarde niet meer dan 40 tekens bevat" in response.content.decode()


def test_the_413_page_is_in_the_reporters_language(client, school):
    _switch(client, "nl")
    response = client.post("/form/", form_data(school, description="x" * (2 * 1024 * 1024)))
    assert response.status_code == 413
    assert response["Content-Language"] == "nl"
    assert '<html lang="nl">' in response.content.decode()


def test_the_accept_language_header_is_honoured(school):
    response = Client(headers={"accept-language": "en"}).get("/form/")
    assert response["Content-Language"] == "en"
