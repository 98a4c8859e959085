"""The staff timeline page: alice (who handles the alert) sees it, bob (another organisation)
gets 404, charlie (no role) 403; the synthesis is on top, filters are a plain GET form, and the
text read in images can be searched."""

from __future__ import annotations

from django.test import Client

from relais.audit.models import AuditEvent
from relais.timeline.models import LinkCapture
from tests.timeline.helpers import export, immediate_tasks, upload
from tests.timeline.test_import_ocr import french_png

__all__ = ["immediate_tasks"]


def _url(alert, suffix: str = "timeline/") -> str:
    return f"/staff/evidence/alerts/{alert.pk}/{suffix}"


def _chat(capture, token):
    return upload(capture, token, export("relais/whatsapp_ios_fr.zip"), "chat.zip")


def test_alice_sees_the_timeline_with_its_synthesis_and_it_is_audited(
    immediate_tasks, alice_client, mailbox_token, submitted, django_capture_on_commit_callbacks
):
    _chat(django_capture_on_commit_callbacks, mailbox_token)

    response = alice_client.get(_url(submitted.alert))

    assert response.status_code == 200
    page = response.content.decode()
    assert page.index('id="synthesis"') < page.index('id="timeline"')
    assert "Supprime ça." in page and "Léa (not said yet), Tom (not said yet)" in page
    assert "00000012-PHOTO-2024-03-12-14-05-33.jpg" in page
    assert AuditEvent.objects.filter(
        action="evidence.timeline_viewed", actor__username="alice"
    ).exists()


def test_bob_gets_404_on_every_timeline_page(bob_client, submitted):
    assert bob_client.get(_url(submitted.alert)).status_code == 404
    posted = bob_client.post(_url(submitted.alert, "links/"), {"url": "https://example.org/"})
    assert posted.status_code == 404
    corrected = bob_client.post(
        _url(submitted.alert, "timeline/correct/"),
        {"target": "item", "target_id": submitted.alert.pk, "occurred_at": "2025-01-01T10:00"},
    )
    assert corrected.status_code == 404
    assert LinkCapture.objects.count() == 0


def test_charlie_gets_403_and_a_stranger_is_sent_to_sign_in(charlie_client, submitted):
    assert charlie_client.get(_url(submitted.alert)).status_code == 403
    response = Client().get(_url(submitted.alert))
    assert response.status_code == 302 and "/staff/" in response["Location"]


def test_the_filters_narrow_the_list_and_its_synthesis(
    immediate_tasks, alice_client, mailbox_token, submitted, django_capture_on_commit_callbacks
):
    _chat(django_capture_on_commit_callbacks, mailbox_token)

    page = alice_client.get(_url(submitted.alert), {"author": "Tom"}).content.decode()

    assert "Supprime ça." in page
    assert "00000012-PHOTO" not in page  # Léa's photo
    assert '<option value="Léa">' in page  # every author stays choosable
    assert '<option value="Tom" selected>' in page


def test_the_text_in_images_can_be_searched_from_the_page(
    immediate_tasks, alice_client, mailbox_token, submitted, django_capture_on_commit_callbacks
):
    body = upload(django_capture_on_commit_callbacks, mailbox_token, french_png(), "a.png")

    link = f"/staff/evidence/{body['id']}/"

    assert link in _results(alice_client.get(_url(submitted.alert), {"q": "college"}))
    assert link not in _results(alice_client.get(_url(submitted.alert), {"q": "piscine"}))


def _results(response) -> str:
    page = response.content.decode()
    return page[page.index('id="ocr-results"') : page.index('id="timeline"')]


def test_the_alert_page_shows_the_synthesis_and_links_to_the_timeline(alice_client, submitted):
    page = alice_client.get(f"/staff/alerts/{submitted.alert.pk}/").content.decode()
    assert _url(submitted.alert) in page
