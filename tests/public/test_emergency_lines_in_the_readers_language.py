"""The emergency numbers with the names of who answers, visible at once, and a line in the
reader's language first when there is one."""

from __future__ import annotations

import re


def danger_box(html: str) -> str:
    match = re.search(r'<section id="danger".*?</section>', html, re.S)
    assert match, "no emergency numbers on the page"
    return match.group(0)


def test_the_names_are_visible_without_a_click(client, school):
    for path in ("/", "/form/"):
        box = danger_box(client.get(path).content.decode())
        assert "<details" not in box
        assert "Child Focus" in box and "Police" in box


def test_the_mailbox_shows_the_numbers_with_their_names(mailbox_client):
    box = danger_box(mailbox_client.get("/my/").content.decode())
    assert "<details" not in box
    assert re.search(r">103</a> <span>[^<]*Écoute-Enfants", box)


def test_a_dutch_reader_in_belgium_is_offered_a_dutch_line_first(mailbox_client):
    mailbox_client.cookies["django_language"] = "nl"
    box = danger_box(mailbox_client.get("/my/").content.decode())
    assert re.search(r">102</a> <span>Awel", box)
    assert box.index(">102</a>") < box.index(">103</a>")
    assert re.search(r">103</a> <span>[^<]*<span class=\"language-note\">\(in het Frans\)", box)


def test_a_french_reader_is_told_which_line_speaks_dutch(mailbox_client):
    mailbox_client.cookies["django_language"] = "fr"
    box = danger_box(mailbox_client.get("/my/").content.decode())
    assert box.index(">103</a>") < box.index(">102</a>")
    assert "(en néerlandais)" in box
