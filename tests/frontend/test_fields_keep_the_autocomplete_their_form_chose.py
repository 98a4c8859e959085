"""Through the one field partial, a field whose form names an autocomplete token keeps it (a
staff member's user name, a head teacher's name); any other field that holds typed words gets
autocomplete="off", on staff pages too."""

from __future__ import annotations

import re


def _field(html: str, name: str) -> str:
    return re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', html).group(0)


def test_sign_in_keeps_its_tokens(client):
    html = client.get("/staff/login/").content.decode()

    assert 'autocomplete="username"' in _field(html, "username")
    assert 'autocomplete="current-password"' in _field(html, "password")


def test_the_school_head_s_name_keeps_its_token(client, ack_token):
    html = client.get("/ack/", {"t": ack_token}).content.decode()

    assert 'autocomplete="name"' in _field(html, "name")
    assert 'autocomplete="organization-title"' in _field(html, "role")


def test_a_notice_s_subject_and_text_are_not_remembered(alice_client, triaged):
    html = alice_client.get(f"/staff/notices/alerts/{triaged.pk}/").content.decode()

    for name in ("subject", "body", "facts"):
        assert 'autocomplete="off"' in _field(html, name), name
