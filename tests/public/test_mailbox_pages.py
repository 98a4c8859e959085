"""The mailbox in short pages: the child's first, the adults' documents and the technical proof
details one step further."""

from __future__ import annotations

import re

import pytest
from django.utils.html import escape

from relais.alerts.services import post_staff_message

# Words a 12-year-old should not meet on the first page.
TECHNICAL = re.compile(r"SHA-256|JSON|scell|empreinte|tutelle|Rappel de la loi|dossier", re.I)


def main_of(html: str) -> str:
    return html.split('<main id="main" tabindex="-1">', 1)[1].split("</main>", 1)[0]


def without_nav(html: str) -> str:
    """The page without its list of pages (which names the parents' page, labelled for them)."""
    return re.sub(r'<nav class="mailbox-nav".*?</nav>', "", html, flags=re.S)


def french(client):
    client.cookies["django_language"] = "fr"
    return client


def test_the_first_page_shows_what_matters_in_plain_words(mailbox_client, submitted):
    post_staff_message(alert=submitted.alert, actor=None, body="Merci, nous lisons ton message.")
    main = without_nav(main_of(french(mailbox_client).get("/my/").content.decode()))
    assert 'id="status-words"' in main
    assert "Merci, nous lisons ton message." in main
    assert 'id="message-form"' in main
    assert 'href="/my/files/"' in main
    assert "Vous n&#x27;êtes pas seul·e" in main or "Vous n'êtes pas seul·e" in main
    assert not TECHNICAL.search(main), TECHNICAL.search(main)
    for elsewhere in ('id="evidence-form"', 'id="documents"', 'id="proofs"', 'id="consent-form"'):
        assert elsewhere not in main


def test_each_further_page_holds_its_part(mailbox_client):
    parts = {
        "/my/words/": 'id="description"',
        "/my/files/": 'id="evidence-form"',
        "/my/days/": 'id="timeline"',
        "/my/choices/": 'id="consent-form"',
        "/my/parents/": 'id="documents"',
        "/my/details/": 'id="proofs"',
    }
    for path, part in parts.items():
        html = mailbox_client.get(path).content.decode()
        assert part in html, path
        assert f'href="{path}" aria-current="page"' in html, path


def test_the_parents_page_says_it_is_for_parents(mailbox_client):
    main = main_of(french(mailbox_client).get("/my/parents/").content.decode())
    assert "parents" in main.split("</h1>", 1)[0].lower()


def test_what_you_wrote_shows_the_description_as_sent(mailbox_client, submitted):
    html = mailbox_client.get("/my/words/").content.decode()
    assert escape(submitted.alert.description) in html
    assert submitted.alert.school.name in html


def test_the_first_page_links_to_what_you_wrote(mailbox_client):
    assert 'href="/my/words/"' in mailbox_client.get("/my/").content.decode()


@pytest.mark.parametrize("path", ["/my/words/", "/my/files/", "/my/parents/", "/my/details/"])
def test_a_closed_mailbox_page_asks_for_the_receipt(client, submitted, path):
    response = client.get(path, follow=True)
    assert response.redirect_chain == [("/my/", 303)]
    html = response.content.decode()
    assert 'id="mailbox-open-form"' in html
    assert submitted.alert.description not in html


def test_saving_the_choices_comes_back_to_them_and_says_so(mailbox_client):
    response = mailbox_client.post("/my/choices/", {"escalation": "on"})
    assert response.status_code == 303
    assert response["Location"] == "/my/choices/?saved=1"
    assert 'id="saved"' in mailbox_client.get(response["Location"]).content.decode()
