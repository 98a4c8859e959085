"""Who sees what: a family sees only its own vault, staff only their organisation's items (bob
404, charlie 403), a school only what was shared with it, and only the stripped copy."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.test import Client

from relais.audit.models import AuditEvent
from relais.evidence.access import get_item_for, items_for, may_open_original
from relais.evidence.models import EvidenceItem
from relais.evidence.services import share_item
from relais.mailbox.services import open_mailbox
from tests.evidence.conftest import api_upload, jpeg_with_gps, stored_files
from tests.factories import make_alert


@pytest.fixture
def item(mailbox_token) -> EvidenceItem:
    assert api_upload(Client(), mailbox_token, jpeg_with_gps()).status_code == 201
    return EvidenceItem.objects.get()


@pytest.fixture
def other_family(school):
    """Another alert on the same school, with its own mailbox."""
    other = make_alert(school)
    token, _alert = open_mailbox(receipt=other.receipt)
    return other.alert, token


def test_alice_opens_the_item_page_and_it_is_audited(item, alice_client):
    response = alice_client.get(f"/staff/evidence/{item.pk}/")
    assert response.status_code == 200
    assert item.sha256 in response.content.decode()
    assert 'id="gps"' in response.content.decode()
    assert AuditEvent.objects.filter(action="evidence.viewed", object_id=str(item.pk)).exists()


def test_bob_gets_404_for_every_view_of_alices_item(item, bob_client):
    for path in ("", "copy/", "thumbnail/"):
        assert bob_client.get(f"/staff/evidence/{item.pk}/{path}").status_code == 404
    for path in ("original/", "share/"):
        assert bob_client.post(f"/staff/evidence/{item.pk}/{path}").status_code == 404


def test_charlie_gets_403_and_nothing(item, charlie_client):
    assert charlie_client.get(f"/staff/evidence/{item.pk}/").status_code == 403
    assert charlie_client.post(f"/staff/evidence/{item.pk}/original/").status_code == 403


def test_the_original_download_is_recorded(item, alice_client):
    response = alice_client.post(f"/staff/evidence/{item.pk}/original/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == jpeg_with_gps()
    event = AuditEvent.objects.get(action="evidence.original_downloaded")
    assert event.object_id == str(item.pk)


def test_a_family_sees_only_its_own_vault(item, submitted, other_family):
    other_alert, _token = other_family
    assert list(items_for(submitted.alert)) == [item]
    assert list(items_for(other_alert)) == []
    with pytest.raises(Http404):
        get_item_for(other_alert, item.pk)


def test_another_familys_mailbox_lists_none_of_these_files(item, other_family, vault):
    _alert, token = other_family
    client = Client()
    client.cookies["relais_mailbox"] = token
    page = client.get("/my/files/").content.decode()
    assert item.sha256[:12] not in page


def test_a_school_sees_only_what_was_shared_and_never_the_original(item, alice, school):
    with pytest.raises(Http404):
        get_item_for(school, item.pk)
    share_item(item=item, school=school, by=alice)
    assert get_item_for(school, item.pk) == item
    assert not may_open_original(school, item)
    assert may_open_original(alice, item)


def test_a_school_does_not_see_items_shared_with_another(item, alice, school, fr_school):
    share_item(item=item, school=school, by=alice)
    assert list(items_for(fr_school)) == []


def test_the_reporter_cannot_add_to_another_alert_without_its_mailbox(db, vault):
    response = Client().post("/my/files/add/", {"file": b""})
    assert (response.status_code, response["Location"]) == (303, "/my/")
    assert stored_files(vault) == []
