"""Every page a reporter can reach has a neutral <title>, those drawn by the vault's and the
documents' views included: a shared phone's history and tabs show titles. Issue 9, point 2."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from relais.documents.models import LetterKind
from tests.documents.conftest import add_item, jpeg
from tests.public.test_neutral_paths_and_titles import REVEALING


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_no_vault_or_document_page_title_says_what_it_is(mailbox_client, submitted, language):
    mailbox_client.cookies["django_language"] = language
    item = add_item(submitted.alert, jpeg(), "capture.jpg", day=3, platform="instagram")
    pages = {
        "timeline": mailbox_client.get(reverse("public:mailbox_timeline")),
        "item": mailbox_client.get(reverse("public:mailbox_item", args=[item.pk])),
        "people": mailbox_client.get(reverse("public:mailbox_people")),
        "bad link": mailbox_client.post(reverse("public:mailbox_link"), {"url": "nope"}),
        "csam link": mailbox_client.post(
            reverse("public:mailbox_link"),
            {"url": "https://example.org/p/1", "sexual_image_of_minor": "on"},
        ),
        "bad file": mailbox_client.post(reverse("public:mailbox_evidence"), {"note": "x"}),
        "no session": Client().post(reverse("public:mailbox_evidence"), {"note": "x"}, follow=True),
    }
    for kind in LetterKind.values:
        pages[kind] = mailbox_client.get(reverse("public:document_make", args=[kind]))
    for name, response in pages.items():
        assert response.status_code < 500, name
        title = _title(response.content.decode())
        assert not REVEALING.search(title), (name, title)
