"""Quick exit ends the mailbox on the server before leaving, with or without JavaScript."""

from __future__ import annotations

from relais.mailbox.models import MailboxSession
from relais.mailbox.services import COOKIE

EXIT = "/my/exit/"


def test_every_page_links_the_quick_exit_to_our_own_exit_page(client, mailbox_client):
    for html in (client.get("/").content.decode(), mailbox_client.get("/my/").content.decode()):
        assert f'id="quick-exit" class="quick-exit" href="{EXIT}"' in html


def test_quick_exit_ends_the_session_then_leaves(mailbox_client):
    token = mailbox_client.cookies[COOKIE].value
    response = mailbox_client.get(EXIT)
    assert response.status_code == 302
    assert response["Location"] == "https://www.google.com/"
    assert response.cookies[COOKIE].value == ""
    assert response.cookies[COOKIE]["path"] == "/my/"
    assert response["Clear-Site-Data"] == '"cache"'
    assert MailboxSession.objects.count() == 0
    # Back, with the cookie the browser may still hold: only the login page.
    mailbox_client.cookies[COOKIE] = token
    html = mailbox_client.get("/my/").content.decode()
    assert 'id="mailbox-open-form"' in html
    assert 'id="status-words"' not in html
    assert "Saint-Henri" not in html


def test_quick_exit_without_a_mailbox_just_leaves(client):
    response = client.get(EXIT)
    assert response.status_code == 302
    assert response["Location"] == "https://www.google.com/"


def test_the_escape_hint_is_only_shown_by_javascript(client):
    html = client.get("/").content.decode()
    assert '<p id="escape-hint" hidden>' in html
    assert "Escape" not in html.replace(
        '<p id="escape-hint" hidden>You can also press Escape twice.', ""
    )
