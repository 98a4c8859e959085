"""GET /api/v1/mailbox/timeline: the shape of api.md, in chronological order, one event per
message of an imported chat export and per file otherwise; a mailbox sees only its own."""

from __future__ import annotations

import io

from django.test import Client

from relais.chatexports import parse_export
from relais.mailbox.services import open_mailbox
from tests.api.conftest import ApiClient
from tests.evidence.conftest import vault
from tests.factories import make_alert
from tests.timeline.helpers import export

__all__ = ["vault"]
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CHAT = "relais/whatsapp_ios_fr.zip"


def _upload(capture, token: str, content: bytes, name: str, **fields) -> dict:
    upload = io.BytesIO(content)
    upload.name = name
    with capture(execute=True):
        response = Client().post(
            "/api/v1/mailbox/evidence",
            {"file": upload, **fields},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 201, response.content
    return response.json()


def test_the_timeline_lists_messages_and_files_in_order_with_a_synthesis(
    vault, settings, submitted, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    token, _alert = open_mailbox(receipt=submitted.receipt)
    capture = django_capture_on_commit_callbacks
    chat = _upload(capture, token, export(CHAT), "chat.zip")
    note = _upload(capture, token, b"notes\n", "n.txt", occurred_at="2024-03-01T10:00")

    response = ApiClient(token).get("/mailbox/timeline")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"events", "synthesis"}
    events = body["events"]
    assert all(
        set(e) == {"occurred_at", "author", "text", "platform", "evidence_id", "digest"}
        for e in events
    )
    assert events[0]["evidence_id"] == note["id"] and events[0]["digest"] == note["sha256"]
    parsed = parse_export(export(CHAT), name_hint="chat.zip").events
    assert [e["digest"] for e in events[1:]] == [e.digest for e in parsed]
    assert {e["evidence_id"] for e in events[1:]} == {chat["id"]}
    assert events[4]["author"] == "Tom" and events[4]["text"] == "Supprime ça.\nMaintenant."
    assert [e["occurred_at"] for e in events] == sorted(e["occurred_at"] for e in events)
    synthesis = body["synthesis"]
    assert synthesis["first"] == events[0]["occurred_at"]
    assert synthesis["last"] == events[-1]["occurred_at"]
    assert synthesis["authors"] == []  # nobody is an alleged author until the family says
    assert synthesis["platforms"] == ["whatsapp"]
    assert synthesis["counts"] == {
        "attachment": 2,
        "deleted": 1,
        "document": 1,
        "message": 2,
        "system": 2,
    }


def test_a_mailbox_sees_only_its_own_timeline(
    vault, settings, submitted, school, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    token, _alert = open_mailbox(receipt=submitted.receipt)
    _upload(django_capture_on_commit_callbacks, token, export(CHAT), "chat.zip")
    other = make_alert(school)
    other_token, _other = open_mailbox(receipt=other.receipt)

    body = ApiClient(other_token).get("/mailbox/timeline").json()

    assert body["events"] == []
    assert body["synthesis"] == {
        "first": None,
        "last": None,
        "authors": [],
        "platforms": [],
        "counts": {},
    }


def test_without_a_token_the_answer_is_401_in_the_error_shape(db):
    response = ApiClient("not-a-token").get("/mailbox/timeline")
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "errors"}


def test_the_openapi_document_lists_the_timeline_and_its_401(db):
    operation = ApiClient().get("/openapi.json").json()["paths"]["/api/v1/mailbox/timeline"]["get"]
    assert set(operation["responses"]) == {"200", "401"}
