"""The JSON API reads only bodies sent as ``application/json``.

A web page on any host may post a ``text/plain``, form or multipart body to another site
without asking first (no CORS preflight): accepting those would let any page post an alert.
Anything else is refused with 415 and the error shape, before any write.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from relais.alerts.models import Alert, Message
from relais.mailbox.services import open_mailbox

REFUSED_TYPES = [
    "text/plain",
    "text/plain;charset=UTF-8",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/jsonp",
]


@pytest.fixture
def alert_body(school) -> dict:
    return {
        "school_id": str(school.id),
        "reporter_role": "witness",
        "categories": ["harcelement"],
        "description": "Un élève de 2e A est insulté tous les jours à la récréation.",
        "immediate_danger": False,
        "good_faith": True,
    }


def _post(path: str, body: dict, content_type: str, **headers: str):
    return Client().post(
        f"/api/v1{path}",
        json.dumps(body).encode(),
        content_type=content_type,
        headers={"Accept-Language": "en", **headers},
    )


@pytest.mark.parametrize("content_type", REFUSED_TYPES)
def test_an_alert_sent_as_another_type_is_refused_with_415(alert_body, content_type):
    response = _post("/alerts", alert_body, content_type)
    assert response.status_code == 415, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"} and "application/json" in body["detail"]
    assert Alert.objects.count() == 0


@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=utf-8"])
def test_an_alert_sent_as_json_is_taken(alert_body, content_type):
    response = _post("/alerts", alert_body, content_type)
    assert response.status_code == 201, response.content[:300]
    assert Alert.objects.count() == 1


def test_the_refusal_speaks_the_requests_language(alert_body):
    response = Client().post(
        "/api/v1/alerts",
        json.dumps(alert_body),
        content_type="text/plain",
        headers={"Accept-Language": "fr"},
    )
    assert response.status_code == 415
    assert "application/json" in response.json()["detail"]
    assert "Envoyez" in response.json()["detail"]


def test_the_mailbox_calls_refuse_another_type_too(submitted):
    response = _post("/mailbox/session", {"receipt": submitted.receipt}, "text/plain")
    assert response.status_code == 415
    token, _alert = open_mailbox(receipt=submitted.receipt)
    bearer = {"Authorization": f"Bearer {token}"}
    response = _post("/mailbox/messages", {"body": "Ça continue."}, "text/plain", **bearer)
    assert response.status_code == 415
    assert Message.objects.count() == 0
    response = Client().put(
        "/api/v1/mailbox/consent",
        json.dumps({"escalation": True, "reveal_identity": False}),
        content_type="text/plain",
        headers=bearer,
    )
    assert response.status_code == 415


def test_openapi_documents_415_on_every_operation_with_a_json_body(db):
    schema = Client().get("/api/v1/openapi.json").json()
    with_body = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                with_body.append((method, path))
                assert "415" in operation["responses"], (method, path)
    assert ("post", "/api/v1/alerts") in with_body and len(with_body) >= 4


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("latin-1"),
        lambda text: text.encode("utf-16"),
    ],
    ids=["latin-1", "utf-16"],
)
def test_a_json_body_that_is_not_utf8_is_refused_with_400(alert_body, encode):
    raw = encode(json.dumps({**alert_body, "description": "Il est insulté."}, ensure_ascii=False))
    response = Client().post(
        "/api/v1/alerts", raw, content_type="application/json", headers={"Accept-Language": "en"}
    )
    assert response.status_code == 400, response.content[:300]
    assert set(response.json()) == {"detail", "errors"}
    assert Alert.objects.count() == 0
