"""The 404 decides by the path too: under the reporters' addresses (everything outside /staff/,
/school/, /relay/, /join/ and /admin/) a browser that also holds a verified staff session gets the
public page with its quick exit, never the staff frame with a name and "Sign out". A verified
account with no role gets no "Back to my pages" link (every side would answer it 403)."""

from __future__ import annotations

import pytest

from tests.public.conftest import open_mailbox_with


@pytest.fixture(autouse=True)
def production_pages(settings):
    settings.DEBUG = False


@pytest.mark.parametrize("path", ["/my/nope/", "/no-such-page/", "/ack/nope/"])
def test_a_reporter_s_path_gets_the_public_page_despite_a_staff_session(
    alice_client, submitted, path
):
    client = open_mailbox_with(alice_client, submitted.receipt)

    response = client.get(path)

    assert response.status_code == 404
    html = response.content.decode()
    assert "quick-exit" in html
    assert "Sign out" not in html and 'class="bar"' not in html and "alice" not in html


def test_a_staff_path_keeps_the_staff_frame(alice_client):
    html = alice_client.get("/staff/nope/").content.decode()

    assert "Sign out" in html and 'href="/staff/"' in html


def test_an_account_with_no_role_gets_no_link_that_would_be_refused(charlie_client):
    response = charlie_client.get("/staff/nope/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Back to my pages" not in html
    assert charlie_client.get("/staff/").status_code == 403  # where the link used to go
