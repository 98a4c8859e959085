"""A shared phone's history shows paths and titles: none may say what the pages are about."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from relais.documents.models import LetterKind

REVEALING = re.compile(
    r"alert|mailbox|police|letter|document|evidence|proof|dossier|bull|harass|complaint|"
    r"alerte|signal|harcel|preuve|plainte|lettre|courrier|pesten|melding|bewijs|klacht|brief",
    re.I,
)
PAGES = [
    "public:home",
    "public:alert",
    "public:mailbox",
    "public:mailbox_description",
    "public:mailbox_files",
    "public:mailbox_days",
    "public:mailbox_consent",
    "public:mailbox_parents",
    "public:mailbox_details",
]


def test_no_reporter_path_says_what_it_is():
    paths = [reverse(name) for name in PAGES]
    paths += [
        reverse(name)
        for name in (
            "public:mailbox_timeline",
            "public:mailbox_open",
            "public:mailbox_message",
            "public:mailbox_logout",
            "public:quick_exit",
            "public:mailbox_evidence",
            "public:mailbox_link",
        )
    ]
    paths += [reverse("public:mailbox_proof_pdf", args=[1])]
    paths += [reverse("public:document_make", args=[kind]) for kind in LetterKind.values]
    for path in paths:
        assert not REVEALING.search(path), path
        assert path.startswith("/my/") or path in {"/", "/form/"}, path


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_no_reporter_page_title_says_what_it_is(mailbox_client, language):
    mailbox_client.cookies["django_language"] = language
    for name in PAGES:
        html = mailbox_client.get(reverse(name), follow=True).content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert not REVEALING.search(title), (name, title)
