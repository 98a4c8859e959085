"""A page that does not exist: a signed-in account (a school's member, a relay, a case worker)
gets it in the staff frame with a way back to its own pages; anyone else, a reporter above all,
gets the public page with the quick exit and never the staff frame."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import login_verified

MISSING = "/school/cases/00000000-0000-0000-0000-000000000000/"


@pytest.fixture(autouse=True)
def production_pages(settings):
    settings.DEBUG = False


def test_a_school_member_gets_the_staff_frame_and_a_way_back(alice_client):
    response = alice_client.get(MISSING)

    assert response.status_code == 404
    html = response.content.decode()
    assert "This page does not exist" in html
    assert 'class="bar"' in html and "Sign out" in html
    assert 'href="/school/"' in html
    assert "quick-exit" not in html and "Quick exit" not in html


def test_a_relay_member_is_sent_back_to_the_relay_s_pages(remi):
    response = login_verified(Client(), remi).get("/relay/no-such-page/")

    assert response.status_code == 404
    assert 'href="/relay/"' in response.content.decode()


def test_a_case_worker_is_sent_back_to_the_inbox(dora):
    response = login_verified(Client(), dora).get(MISSING)

    assert response.status_code == 404
    assert 'href="/staff/"' in response.content.decode()


def test_anyone_else_gets_the_public_page(client):
    for path in ("/school/no-such-page/", "/no-such-page/"):
        response = client.get(path)

        assert response.status_code == 404
        html = response.content.decode()
        assert "This page does not exist" in html
        assert "Sign out" not in html and 'class="bar"' not in html


def test_a_password_only_session_gets_the_public_page(alice):
    client = Client()
    client.force_login(alice)  # no second factor: not a staff session (relais.staff.signin)

    html = client.get("/school/no-such-page/").content.decode()

    assert "Sign out" not in html and 'class="bar"' not in html
