"""What the query-count tests fill an alert with: a number of each kind of row a page lists,
through the real services, so that a page making one query per row shows it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from relais.alerts.services import post_reporter_message, post_staff_message
from relais.mailbox.services import open_mailbox
from relais.timeline.services import capture_link
from tests.evidence.conftest import api_upload, png, vault
from tests.public.conftest import open_mailbox_with

__all__ = ["vault"]  # every test here may upload: a fresh vault each time

SIZES = [3, 30]


def add_messages(alert, alice, count: int) -> None:
    """`count` messages, half from the reporter and half from alice."""
    for number in range(count):
        if number % 2:
            post_staff_message(alert=alert, actor=alice, body=f"Réponse {number}.")
        else:
            post_reporter_message(alert=alert, body=f"Message {number}.")


def add_evidence(alert, receipt: str, count: int) -> None:
    """`count` timeline entries: images uploaded through the mailbox API and captured links,
    alternately."""
    token, _alert = open_mailbox(receipt=receipt)
    seen = timezone.now() - timedelta(days=3)
    for number in range(count):
        if number % 2:
            capture_link(alert=alert, url=f"https://example.org/post/{number}", seen_at=seen)
        else:
            response = api_upload(Client(), token, png((20 + number, 10)), f"capture{number}.png")
            assert response.status_code == 201, response.content


@pytest.fixture
def reporter(submitted) -> Client:
    """The reporter's browser, with the mailbox open."""
    return open_mailbox_with(Client(), submitted.receipt)
