"""Fixtures of the staff tests: an administrator, and helpers that drive the real sign-in."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from relais.accounts.models import Role
from tests.conftest import login_verified
from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def dora(be_org):
    """An administrator of alice's organisation."""
    return UserFactory(username="dora", organisation=be_org, role=Role.ADMINISTRATOR)


@pytest.fixture
def dora_client(dora) -> Client:
    return login_verified(Client(), dora)


def sign_in_with_password(client: Client, username: str, password: str = PASSWORD):
    return client.post(reverse("staff:login"), {"username": username, "password": password})


def inline_code(html: str) -> list[str]:
    """What the strict CSP would block in a page: inline styles, inline scripts, handlers."""
    found = []
    found += re.findall(r"\sstyle\s*=", html, flags=re.IGNORECASE)
    found += re.findall(r"<style[\s>]", html, flags=re.IGNORECASE)
    found += re.findall(r"\son[a-z]+\s*=", html, flags=re.IGNORECASE)
    for tag in re.findall(r"<script\b[^>]*>", html, flags=re.IGNORECASE):
        # Scripts loaded from a file are fine; so is inert JSON data.
        if "src=" not in tag and "application/json" not in tag:
            found.append(tag)
    return found
