"""Every public page: strict CSP, nothing from another host, a generic title, the quick exit."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from relais.lib.receipts import new_receipt
from tests.public.conftest import form_data, open_mailbox_with, search

QUICK_EXIT = '<a id="quick-exit" class="quick-exit" href="/my/exit/" rel="noreferrer">'
EXTERNAL = re.compile(r'(?:src|href|action|srcset|formaction|poster|data)\s*=\s*"\s*(?:https?:)?//')
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
SECTIONS = {"", "Form", "Receipt", "Space", "Error"}


@pytest.fixture
def public_pages(submitted, school) -> dict:
    """Each kind of public page, as a reporter meets it."""
    pages = {}
    client = Client()
    pages["home"] = client.get("/")
    pages["form"] = client.get("/form/")
    pages["search"] = search(client, "saint henri")
    pages["form with errors"] = client.post(
        "/form/", form_data(school, good_faith=None), follow=True
    )
    sent = form_data(school, immediate_danger="on", submission="t" * 22)
    pages["receipt"] = client.post("/form/", sent, follow=True)
    pages["already sent"] = client.post("/form/", sent, follow=True)
    pages["too large"] = client.post(
        "/form/", form_data(school, description="x" * (2 * 1024 * 1024))
    )
    pages["mailbox login"] = client.get("/my/")
    pages["unknown receipt"] = client.post("/my/open/", {"receipt": new_receipt()})
    mailbox = open_mailbox_with(Client(), submitted.receipt)
    pages["mailbox"] = mailbox.get("/my/")
    pages["message error"] = mailbox.post("/my/send/", {"body": ""}, follow=True)
    pages["logged out"] = mailbox.post("/my/close/")
    pages["not found"] = client.get("/no-such-page/")
    return pages


def test_every_public_page_sends_a_strict_csp(public_pages):
    for name, response in public_pages.items():
        policy = response.get("Content-Security-Policy", "")
        assert "script-src 'self'" in policy, name
        assert "style-src 'self'" in policy, name
        assert "unsafe-inline" not in policy, name
        assert "unsafe-eval" not in policy, name


def test_no_public_page_uses_inline_script_or_style(public_pages):
    for name, response in public_pages.items():
        html = response.content.decode()
        assert "<style" not in html, name
        assert " style=" not in html, name
        assert re.search(r"<script(?![^>]*\bsrc=)", html) is None, name
        assert re.search(r"\son[a-z]+=", html) is None, name


def test_no_public_page_references_another_host_but_the_quick_exit(public_pages):
    for name, response in public_pages.items():
        html = response.content.decode().replace(QUICK_EXIT, "")
        assert EXTERNAL.search(html) is None, name
        assert "url(" not in html, name


def test_every_public_page_has_the_quick_exit_first(public_pages):
    for name, response in public_pages.items():
        body = response.content.decode().split("<body>", 1)[1]
        assert body.lstrip().startswith(QUICK_EXIT), name


def test_page_titles_are_generic(public_pages, submitted):
    for name, response in public_pages.items():
        title = TITLE.search(response.content.decode())
        assert title, name
        text = title.group(1)
        assert text == "Relais" or text.startswith("Relais · "), name
        assert text.removeprefix("Relais").removeprefix(" · ") in SECTIONS, (name, text)
        assert "Saint-Henri" not in text


def test_public_pages_are_never_cached(public_pages):
    for name, response in public_pages.items():
        assert response["Cache-Control"] == "no-store", name


def test_every_form_carries_a_csrf_token(public_pages):
    for name, response in public_pages.items():
        html = response.content.decode()
        posts = len(re.findall(r'<form[^>]*method="post"', html))
        assert html.count('name="csrfmiddlewaretoken"') == posts, name


def test_the_public_urls_hold_no_content(public_pages, submitted):
    for response in public_pages.values():
        location = response.get("Location", "")
        assert submitted.receipt not in location
        assert "Saint" not in location


def test_forms_are_refused_without_a_csrf_token(school, submitted):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/form/", form_data(school), follow=True).status_code == 403
    assert client.post("/my/open/", {"receipt": submitted.receipt}).status_code == 403


def test_the_referrer_stays_on_our_own_pages(client):
    """same-origin, not no-referrer: under no-referrer Chromium posts our forms with
    Origin: null and Django's CSRF check refuses them (found by tests/browser)."""
    assert client.get("/")["Referrer-Policy"] == "same-origin"
