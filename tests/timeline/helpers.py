"""Helpers for the timeline, import and link-capture tests: upload through the real path with
the background task run at once (the immediate task backend, on commit)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from tests.evidence.conftest import api_upload

EXPORTS = Path(__file__).resolve().parent.parent / "data" / "exports"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def immediate_tasks(settings):
    """Run background tasks inside enqueue(), as no worker runs in the tests."""
    settings.TASKS = IMMEDIATE


def upload(capture, token: str, content: bytes, name: str, **fields) -> dict:
    """POST the file to the mailbox API and run what its commit schedules; the 201 body."""
    with capture(execute=True):
        response = api_upload(Client(), token, content, name, **fields)
    assert response.status_code == 201, response.content
    return response.json()


def export(relative: str) -> bytes:
    return (EXPORTS / relative).read_bytes()
