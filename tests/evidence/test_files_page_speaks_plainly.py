"""The files page speaks to a child in plain words; the seal and the SHA-256 fingerprint are on
the file's own page, one step further. Issue 9, point 3."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.documents.conftest import add_item, jpeg
from tests.public.test_mailbox_pages import main_of

TECHNICAL = re.compile(r"SHA-256|scell|empreinte|sealed|fingerprint|verzegel|vingerafdruk", re.I)


@pytest.fixture
def item(submitted):
    return add_item(submitted.alert, jpeg(), "capture.jpg", day=3, platform="instagram")


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_the_files_page_has_no_technical_words(mailbox_client, item, language):
    mailbox_client.cookies["django_language"] = language
    url = reverse("public:mailbox_files") + "?added=1"
    main = main_of(mailbox_client.get(url).content.decode())
    assert 'id="evidence-form"' in main and "capture.jpg" in main
    assert not TECHNICAL.search(main), TECHNICAL.search(main)
    assert item.sha256[:12] not in main


def test_the_files_page_says_the_files_are_safe(mailbox_client, item):
    main = main_of(mailbox_client.get(reverse("public:mailbox_files")).content.decode())
    assert "Your files are kept safe and cannot be changed." in main


def test_the_items_page_gives_the_seal_and_the_fingerprint(mailbox_client, item):
    page = mailbox_client.get(reverse("public:mailbox_item", args=[item.pk])).content.decode()
    assert 'id="item-technical"' in page
    assert "SHA-256" in page and item.sha256 in page
    assert reverse("public:mailbox_details") in page
