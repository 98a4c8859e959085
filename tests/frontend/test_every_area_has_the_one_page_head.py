"""Public, staff and acknowledgment pages share one page head (relais/templates/base.html):
the page's language, no indexing, a generic title, one stylesheet of our own, a skip link to a
focusable main."""

from __future__ import annotations

import re

STYLESHEET = re.compile(r'<link rel="stylesheet" href="(/static/[^"]+\.css)">')


def _pages(client, alice_client, ack_token) -> dict[str, str]:
    return {
        "public": client.get("/").content.decode(),
        "staff sign-in": client.get("/staff/login/").content.decode(),
        "staff inbox": alice_client.get("/staff/").content.decode(),
        "acknowledgment": client.get("/ack/", {"t": ack_token}).content.decode(),
        "unknown link": client.get("/ack/", {"t": "nothing"}).content.decode(),
    }


def test_every_area_has_the_same_head_and_a_skip_link(client, alice_client, ack_token):
    for name, html in _pages(client, alice_client, ack_token).items():
        assert html.startswith('<!doctype html>\n<html lang="en">'), name
        assert '<meta name="robots" content="noindex, nofollow">' in html, name
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
        assert re.search(r"<title>Relais( · [^<]+)?</title>", html), name
        assert len(STYLESHEET.findall(html)) == 1, name
        assert '<a class="skip-link" href="#main">Skip to content</a>' in html, name
        assert '<main id="main" tabindex="-1">' in html, name


def test_only_the_public_pages_load_a_script(client, alice_client, ack_token):
    pages = _pages(client, alice_client, ack_token)

    assert '<script src="/static/public/relais.js" defer></script>' in pages.pop("public")
    for name, html in pages.items():
        assert "<script" not in html, name
