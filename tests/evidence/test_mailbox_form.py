"""The mailbox has a form that works without JavaScript; a file sent through it is listed."""

from __future__ import annotations

import io

from django.test import Client

from relais.evidence.models import EvidenceItem
from relais.mailbox.services import COOKIE
from tests.evidence.conftest import png, stored_files


def test_the_mailbox_shows_a_multipart_form(mailbox_client):
    page = mailbox_client.get("/my/files/").content.decode()
    assert 'action="/my/files/add/"' in page
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file" name="file"' in page
    assert "Pharos" in page and "Child Focus" in page


def test_a_file_sent_from_the_mailbox_is_listed_there(
    mailbox_client, django_capture_on_commit_callbacks, vault
):
    upload = io.BytesIO(png())
    upload.name = "capture\u202eeg.png"  # a bidi override in the name is dropped
    with django_capture_on_commit_callbacks(execute=True):
        response = mailbox_client.post(
            "/my/files/add/",
            {"file": upload, "occurred_at": "2025-03-14T16:20", "platform": "snapchat", "note": ""},
        )
    assert response.status_code == 303 and response["Location"].endswith(
        "/my/files/?added=1#evidence"
    )
    item = EvidenceItem.objects.get()
    assert item.display_name == "captureeg.png" and item.platform == "snapchat"
    page = mailbox_client.get("/my/files/").content.decode()
    assert "captureeg.png" in page
    # The fingerprint is one step further, on the file's own page (issue 9, point 3).
    assert item.sha256 in mailbox_client.get(f"/my/files/{item.pk}/").content.decode()
    assert not any(name.startswith("pending/") for name in stored_files(vault))


def test_a_post_without_the_csrf_token_is_refused_and_keeps_nothing(submitted, vault):
    from relais.mailbox.services import open_mailbox

    token, _alert = open_mailbox(receipt=submitted.receipt)
    client = Client(enforce_csrf_checks=True)
    client.cookies[COOKIE] = token
    upload = io.BytesIO(png())
    upload.name = "a.png"
    response = client.post("/my/files/add/", {"file": upload})
    assert response.status_code == 403
    assert EvidenceItem.objects.count() == 0
    assert stored_files(vault) == []


def test_a_future_date_is_refused_with_a_page(mailbox_client, vault):
    upload = io.BytesIO(png())
    upload.name = "a.png"
    response = mailbox_client.post("/my/files/add/", {"file": upload, "occurred_at": "2999-01-01"})
    assert response.status_code == 422
    assert EvidenceItem.objects.count() == 0
    assert stored_files(vault) == []
