"""A link capture records a page that must stay online (address, when it was seen, a note), in
the proof log; a sexual image of a minor is never uploaded: the form says why and where to
report it, and records the address alone."""

from __future__ import annotations

import hashlib

from relais.audit.models import AuditEvent
from relais.evidence.models import EvidenceItem
from relais.proofs.formats import event_digest
from relais.timeline.models import LinkCapture
from relais.timeline.selectors import timeline_for
from tests.factories import make_alert


def test_the_mailbox_form_records_a_link_on_the_timeline(mailbox_client, submitted):
    response = mailbox_client.post(
        "/my/days/links/",
        {
            "url": "HTTPS://www.Instagram.com/p/abc/",
            "seen_at": "2025-03-14T18:00",
            "note": "Photo moqueuse",
        },
    )

    assert response.status_code == 303 and response["Location"].endswith("/my/days/#links")
    link = LinkCapture.objects.get()
    assert link.url == "https://www.instagram.com/p/abc/" and link.platform == "instagram"
    assert link.note == "Photo moqueuse" and link.captured_by == "reporter"
    assert link.seen_at == link.original_seen_at and not link.sexual_image_of_minor
    entry = link.proof_entry
    assert entry is not None and entry.kind == "evidence.link_captured"
    payload = {
        "alert": str(submitted.alert.pk),
        "link": str(link.pk),
        "url_sha256": hashlib.sha256(link.url.encode()).hexdigest(),
        "seen_at": "2025-03-14T17:00:00.000Z",
    }
    assert entry.digest == event_digest(bytes(entry.salt), payload)
    (shown,) = timeline_for(submitted.alert).events
    assert shown.kind == "link" and shown.url == link.url and shown.platform == "instagram"
    page = mailbox_client.get("/my/days/").content.decode()
    assert 'id="link-form"' in page and "instagram" in page


def test_a_bad_address_is_refused_and_nothing_is_kept(mailbox_client, submitted):
    for url in ("javascript:alert(1)", "https://user:pw@example.org/", "", "ftp://x.org/f"):
        response = mailbox_client.post("/my/days/links/", {"url": url})
        assert response.status_code == 422
        assert 'id="error-summary"' in response.content.decode()
    assert LinkCapture.objects.count() == 0


def test_a_sexual_image_of_a_minor_is_refused_with_where_to_report_it(mailbox_client, submitted):
    response = mailbox_client.post(
        "/my/days/links/",
        {
            "url": "https://example.org/bad",
            "seen_at": "2025-03-14T18:00",
            "note": "description that must not be kept",
            "sexual_image_of_minor": "on",
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="csam-refusal"' in page
    assert "Child Focus" in page and "https://www.stopchildporno.be" in page  # a Belgian school
    assert EvidenceItem.objects.count() == 0
    link = LinkCapture.objects.get()
    assert link.sexual_image_of_minor and link.url == "https://example.org/bad"
    assert link.note == "" and link.seen_at is None
    assert AuditEvent.objects.get(action="evidence.link_captured").details == {
        "sexual_image_of_minor": True
    }


def test_in_france_the_refusal_points_to_pharos(bob_client, fr_school, bob):
    alert = make_alert(fr_school).alert
    response = bob_client.post(
        f"/staff/evidence/alerts/{alert.pk}/links/",
        {"url": "https://example.org/bad", "sexual_image_of_minor": "on"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Pharos" in page and "https://www.internet-signalement.gouv.fr" in page
    link = LinkCapture.objects.get()
    assert link.captured_by == "staff" and link.staff_user == bob
    assert EvidenceItem.objects.count() == 0


def test_staff_record_a_link_from_the_timeline(alice_client, submitted):
    response = alice_client.post(
        f"/staff/evidence/alerts/{submitted.alert.pk}/links/",
        {"url": "https://vm.tiktok.com/ZM123/", "note": "Vidéo"},
    )

    assert response.status_code == 302
    link = LinkCapture.objects.get()
    assert link.platform == "tiktok" and link.captured_by == "staff"
    page = alice_client.get(response["Location"]).content.decode()
    assert "https://vm.tiktok.com/ZM123/" in page
    assert 'href="https://vm.tiktok.com' not in page  # addresses are shown, never linked


def test_without_a_mailbox_the_link_form_records_nothing(client, submitted):
    response = client.post("/my/days/links/", {"url": "https://example.org/"})
    assert response.status_code == 303 and response["Location"].endswith("/my/")
    assert LinkCapture.objects.count() == 0


def test_the_upload_form_states_the_rule(mailbox_client):
    page = mailbox_client.get("/my/files/").content.decode()
    assert "Pharos" in page and "Child Focus" in page
    assert 'name="sexual_image_of_minor"' in mailbox_client.get("/my/days/").content.decode()
