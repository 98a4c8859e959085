"""Fixtures for the reporter's pages: a filled-in alert form and an opened mailbox."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from relais.alerts.models import Alert
from relais.mailbox.services import COOKIE

RECEIPT_RE = re.compile(r'id="receipt"[^>]*>(.*?)</p>', re.S)
TOKEN_RE = re.compile(r'<input type="hidden" name="submission" value="([^"]*)">')


def receipt_in(html: str) -> str:
    """The receipt as the reporter reads it on the page (text of #receipt)."""
    match = RECEIPT_RE.search(html)
    assert match, "no receipt on the page"
    return re.sub(r"<[^>]+>", "", match.group(1))


def token_in(html: str) -> str:
    """The one-time submission token rendered into the alert form."""
    match = TOKEN_RE.search(html)
    assert match, "no submission token in the form"
    return match.group(1)


def search(client: Client, query: str, **fields: object):
    """Press "Search" in the alert form: a POST with action=search and whatever was filled in,
    which answers 303; the page returned is the GET of /form/ that follows."""
    response = client.post("/form/", {**fields, "q": query, "action": "search"}, follow=True)
    assert [code for _url, code in response.redirect_chain] == [303]
    return response


def form_data(school, **overrides: object) -> dict:
    data: dict = {
        "school_id": str(school.pk),
        "reporter_role": "witness",
        "categories": ["harcelement", "cyberharcelement"],
        "description": "Un élève de 2e A reçoit des insultes tous les soirs sur Snapchat.",
        "started_on": "2025-01-10",
        "platforms": ["snapchat"],
        "good_faith": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def alert_form(school) -> dict:
    return form_data(school)


def open_mailbox_with(client: Client, receipt: str) -> Client:
    response = client.post("/my/open/", {"receipt": receipt})
    assert response.status_code == 303, response.content.decode()[:2000]
    assert COOKIE in response.cookies
    return client


@pytest.fixture
def mailbox_client(submitted) -> Client:
    """A browser that opened the mailbox of alice's alert with its receipt."""
    return open_mailbox_with(Client(), submitted.receipt)


def alert_count() -> int:
    return Alert.objects.count()
