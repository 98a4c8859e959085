"""An impossible date given with a file, or as a file's corrected date, is refused with a clear
message and nothing is stored: year 1 (which PostgreSQL stored before Christ under the Brussels
local-mean-time offset, after which every page showing the file answered 500), 1900, and a far
future. Every page that shows the files still answers 200 afterwards. Issue 10, "bad input"."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from relais.audit.models import AuditEvent
from relais.evidence.intake import Intake
from relais.evidence.models import EvidenceItem
from relais.evidence.services import seal_evidence
from relais.proofs.models import ProofEntry
from relais.timeline.models import LinkCapture, TimelineEvent
from tests.documents.conftest import add_item, jpeg
from tests.evidence.conftest import api_upload, png, stored_files
from tests.timeline.helpers import export, immediate_tasks, upload

IMPOSSIBLE = ["0001-01-01T00:00:00", "1900-01-01T00:00", "9999-12-31T23:59"]
TOO_OLD = "too far back"
_CHAT = "relais/whatsapp_ios_fr.zip"
__all__ = ["immediate_tasks"]
FUTURE = "in the future"


def _file(name: str = "capture.png") -> io.BytesIO:
    upload = io.BytesIO(png())
    upload.name = name
    return upload


def _says_why(text: str, value: str) -> None:
    assert (FUTURE if value.startswith("9999") else TOO_OLD) in text, text[:3000]


def _every_page_still_opens(mailbox_client: Client, token: str, alice_client: Client, alert):
    for path in ("/my/files/", "/my/days/", "/my/days/all/"):
        assert mailbox_client.get(path).status_code == 200, path
    headers = {"Authorization": f"Bearer {token}"}
    assert Client().get("/api/v1/mailbox/timeline", headers=headers).status_code == 200
    assert Client().get("/api/v1/mailbox/dossier.pdf", headers=headers).status_code == 200
    assert alice_client.get(f"/staff/alerts/{alert.pk}/").status_code == 200
    timeline = f"/staff/evidence/alerts/{alert.pk}/timeline/"
    assert alice_client.get(timeline).status_code == 200


@pytest.mark.parametrize("value", IMPOSSIBLE)
def test_the_api_refuses_an_impossible_date_with_a_file(
    value, mailbox_token, mailbox_client, alice_client, submitted
):
    response = api_upload(Client(), mailbox_token, png(), "a.png", occurred_at=value)
    assert response.status_code == 422, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    _says_why(response.json()["errors"]["occurred_at"][0], value)
    assert not EvidenceItem.objects.exists()
    _every_page_still_opens(mailbox_client, mailbox_token, alice_client, submitted.alert)


@pytest.mark.parametrize("value", IMPOSSIBLE)
def test_the_mailbox_form_refuses_an_impossible_date_with_a_file(
    value, mailbox_client, mailbox_token, alice_client, submitted
):
    response = mailbox_client.post("/my/files/add/", {"file": _file(), "occurred_at": value})
    assert response.status_code == 422
    _says_why(response.content.decode(), value)
    assert not EvidenceItem.objects.exists()
    _every_page_still_opens(mailbox_client, mailbox_token, alice_client, submitted.alert)


@pytest.mark.parametrize("value", IMPOSSIBLE)
def test_the_staff_form_refuses_an_impossible_date_with_a_file(
    value, alice_client, mailbox_client, mailbox_token, submitted
):
    url = f"/staff/evidence/alerts/{submitted.alert.pk}/upload/"
    response = alice_client.post(url, {"file": _file(), "occurred_at": value}, follow=True)
    _says_why(response.content.decode(), value)
    assert not EvidenceItem.objects.exists()
    _every_page_still_opens(mailbox_client, mailbox_token, alice_client, submitted.alert)


@pytest.mark.parametrize("value", [*IMPOSSIBLE, "0001-01-01"])
def test_the_family_cannot_correct_a_date_to_an_impossible_one(
    value, mailbox_client, mailbox_token, alice_client, submitted
):
    item = add_item(submitted.alert, jpeg(), "wrong.jpg", day=3)
    first = item.occurred_at
    proofs = ProofEntry.objects.count()
    response = mailbox_client.post(
        reverse("public:mailbox_item_date", args=[item.pk]), {"occurred_at": value}
    )
    assert response.status_code == 422
    _says_why(response.content.decode(), value)
    item.refresh_from_db()
    assert item.occurred_at == first and ProofEntry.objects.count() == proofs
    assert not AuditEvent.objects.filter(action="evidence.occurred_at_corrected").exists()
    _every_page_still_opens(mailbox_client, mailbox_token, alice_client, submitted.alert)


@pytest.mark.parametrize("value", IMPOSSIBLE)
def test_a_case_worker_cannot_correct_a_date_to_an_impossible_one(
    value, alice_client, mailbox_client, mailbox_token, submitted
):
    item = add_item(submitted.alert, jpeg(), "wrong.jpg", day=3)
    first = item.occurred_at
    response = alice_client.post(
        f"/staff/evidence/alerts/{submitted.alert.pk}/timeline/correct/",
        {"target": "item", "target_id": item.pk, "occurred_at": value},
    )
    assert response.status_code == 422
    _says_why(response.content.decode(), value)
    item.refresh_from_db()
    assert item.occurred_at == first
    assert not AuditEvent.objects.filter(action="evidence.occurred_at_corrected").exists()
    _every_page_still_opens(mailbox_client, mailbox_token, alice_client, submitted.alert)


@pytest.mark.parametrize("value", IMPOSSIBLE)
def test_a_link_seen_at_an_impossible_date_is_refused(value, mailbox_client, submitted):
    response = mailbox_client.post(
        "/my/days/links/", {"url": "https://www.tiktok.com/@x/video/1", "seen_at": value}
    )
    assert response.status_code in (400, 422)
    _says_why(response.content.decode(), value)
    assert not LinkCapture.objects.exists()


def test_a_date_from_2000_on_is_taken(mailbox_token, submitted):
    response = api_upload(Client(), mailbox_token, png(), "a.png", occurred_at="2000-01-01T00:00")
    assert response.status_code == 201, response.content[:300]


def test_the_sealing_service_itself_refuses_year_one_and_leaves_nothing(submitted, vault):
    intake = Intake(max_bytes=10**6)
    intake.feed(png())
    blob = intake.finish(display_name="a.png")
    with pytest.raises(ValidationError):
        seal_evidence(alert=submitted.alert, blob=blob, occurred_at=datetime(1, 1, 1, tzinfo=UTC))
    assert not EvidenceItem.objects.exists()
    assert stored_files(vault) == []


@pytest.mark.parametrize("value", IMPOSSIBLE)
def test_a_chat_message_cannot_be_moved_to_an_impossible_date(
    value,
    immediate_tasks,
    alice_client,
    mailbox_client,
    mailbox_token,
    submitted,
    django_capture_on_commit_callbacks,
):
    upload(django_capture_on_commit_callbacks, mailbox_token, export(_CHAT), "c.zip")
    event = TimelineEvent.objects.order_by("-position").first()
    exported = event.occurred_at
    response = alice_client.post(
        f"/staff/evidence/alerts/{submitted.alert.pk}/timeline/correct/",
        {"target": "event", "target_id": event.pk, "occurred_at": value},
    )
    assert response.status_code == 422
    _says_why(response.content.decode(), value)
    event.refresh_from_db()
    assert event.occurred_at == exported
    assert not AuditEvent.objects.filter(action="evidence.occurred_at_corrected").exists()
    _every_page_still_opens(mailbox_client, mailbox_token, alice_client, submitted.alert)
