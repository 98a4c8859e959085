""" "Share with the school" reported success while nothing reached any school (no school side
exists yet), and the shared image still showed a handle and a class. It is gone until the
school's side exists: no button, no URL, nothing recorded."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from relais.audit.models import AuditEvent
from relais.evidence.models import EvidenceItem, Share
from tests.evidence.conftest import api_upload, jpeg_with_gps


@pytest.fixture
def item(mailbox_token) -> EvidenceItem:
    assert api_upload(Client(), mailbox_token, jpeg_with_gps()).status_code == 201
    return EvidenceItem.objects.get()


def test_the_item_page_offers_no_sharing_with_the_school(item, alice_client):
    html = alice_client.get(f"/staff/evidence/{item.pk}/").content.decode()

    assert "/share/" not in html
    assert "Share the copy" not in html
    assert "Shared with" not in html
    # The copy without metadata stays downloadable for the case worker.
    assert f"/staff/evidence/{item.pk}/copy/" in html


def test_the_share_url_no_longer_exists(item, alice_client):
    with pytest.raises(NoReverseMatch):
        reverse("evidence:share", args=[item.pk])

    response = alice_client.post(f"/staff/evidence/{item.pk}/share/")

    assert response.status_code == 404
    assert not Share.objects.exists()
    assert not AuditEvent.objects.filter(action="evidence.shared").exists()
