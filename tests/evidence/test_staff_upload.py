"""Staff add files to an alert's vault from the alert page; the upload is audited as theirs."""

from __future__ import annotations

import io

from relais.audit.models import AuditEvent
from relais.evidence.models import EvidenceItem
from tests.evidence.conftest import jpeg_with_gps


def test_alice_adds_a_file_to_her_alert(alice_client, alice, submitted):
    page = alice_client.get(f"/staff/alerts/{submitted.alert.pk}/").content.decode()
    assert f'action="/staff/evidence/alerts/{submitted.alert.pk}/upload/"' in page
    upload = io.BytesIO(jpeg_with_gps())
    upload.name = "screenshot.jpg"
    response = alice_client.post(
        f"/staff/evidence/alerts/{submitted.alert.pk}/upload/", {"file": upload, "platform": ""}
    )
    assert response.status_code == 302
    item = EvidenceItem.objects.get()
    assert item.uploaded_by == "staff" and item.staff_user == alice
    assert AuditEvent.objects.get(action="evidence.sealed").actor == alice
    page = alice_client.get(f"/staff/alerts/{submitted.alert.pk}/").content.decode()
    assert "screenshot.jpg" in page


def test_bob_cannot_upload_to_alices_alert(bob_client, submitted):
    upload = io.BytesIO(jpeg_with_gps())
    upload.name = "x.jpg"
    response = bob_client.post(
        f"/staff/evidence/alerts/{submitted.alert.pk}/upload/", {"file": upload}
    )
    assert response.status_code == 404
    assert EvidenceItem.objects.count() == 0
