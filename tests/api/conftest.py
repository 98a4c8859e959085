"""Fixtures for the public API: a JSON client, a valid alert body, an open mailbox."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from relais.mailbox.services import open_mailbox


class ApiClient:
    """Django's test client, speaking JSON to /api/v1/ (no cookies, no session)."""

    def __init__(self, token: str = "", language: str = "") -> None:
        self.client = Client()
        self.headers: dict[str, str] = {}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        if language:
            self.headers["Accept-Language"] = language

    def get(self, path: str, **params: Any):
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def send(self, method: str, path: str, data: Any = None, *, raw: bytes | None = None):
        body = raw if raw is not None else json.dumps(data).encode()
        call = getattr(self.client, method)
        return call(f"/api/v1{path}", body, content_type="application/json", headers=self.headers)

    def post(self, path: str, data: Any = None, *, raw: bytes | None = None):
        return self.send("post", path, data, raw=raw)

    def put(self, path: str, data: Any = None, *, raw: bytes | None = None):
        return self.send("put", path, data, raw=raw)


@pytest.fixture
def api() -> ApiClient:
    return ApiClient()


@pytest.fixture
def alert_body(school) -> dict[str, Any]:
    return {
        "school_id": str(school.id),
        "reporter_role": "witness",
        "categories": ["harcelement", "cyberharcelement"],
        "description": "Un élève de 2e A est insulté sur un groupe WhatsApp de la classe.",
        "started_on": "2025-01-15",
        "platforms": ["whatsapp"],
        "immediate_danger": False,
        "good_faith": True,
    }


@pytest.fixture
def mailbox(submitted) -> ApiClient:
    """An API client holding a bearer token for the `submitted` alert."""
    token, _alert = open_mailbox(receipt=submitted.receipt)
    return ApiClient(token=token)


def assert_error(response, status: int, *fields: str) -> dict[str, Any]:
    """The response is the API's error shape with this status, naming these fields."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert isinstance(body["detail"], str) and body["detail"]
    assert all(isinstance(m, str) and m for ms in body["errors"].values() for m in ms)
    for field in fields:
        assert body["errors"].get(field), body
    return body
