"""The alert form makes a fixed number of queries: empty, with 3 or 30 schools found, and
when an alert is sent."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import SchoolFactory
from tests.public.conftest import form_data
from tests.queries.conftest import SIZES
from tests.query_count import assert_query_count


def test_the_empty_form(client, school):
    with assert_query_count(0):
        response = client.get("/form/")

    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_the_form_with_the_schools_found(school, size):
    for number in range(size):
        SchoolFactory(name=f"École Saint-Henri {number}", city="Mouscron", code=f"9{number:03d}")
    client = Client()
    client.post("/form/", {"q": "saint henri", "action": "search"})

    with assert_query_count(2):  # the typed form kept in the stash, the schools
        response = client.get("/form/")

    assert response.status_code == 200
    assert response.content.decode().count('name="school_id"') >= min(size, 20)


def test_sending_an_alert(client, school):
    with assert_query_count(13):  # the proof log's one INSERT among them (its entry)
        response = client.post("/form/", form_data(school))

    assert response.status_code == 303
