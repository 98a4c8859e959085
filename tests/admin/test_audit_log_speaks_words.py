"""The audit log reads in words in the admin and on the staff alert page: "a configuré une
application d'authentification", not "otp.enrolled". Rows keep the codes they were stored with,
so older rows read under the same words; a code no longer listed is shown as stored."""

from __future__ import annotations

from django.urls import reverse

from relais.audit.models import AuditAction, AuditEvent
from relais.audit.services import record
from tests.admin.page_text import read


def test_the_admin_lists_actions_and_actors_in_words(dora_client, alice, submitted):
    record(actor=alice, action="otp.enrolled", obj=alice)
    record(actor=alice, action="document.downloaded", obj=submitted.alert)
    html = dora_client.get("/admin/audit/auditevent/", HTTP_ACCEPT_LANGUAGE="fr").content
    text = read(html.decode())[2]  # what a reader sees: the filters' links carry the codes
    assert "a configuré une application d'authentification" in text
    assert "a téléchargé un document" in text
    assert "otp.enrolled" not in text
    assert "document.downloaded" not in text


def test_an_event_s_page_names_its_details_and_statuses(dora_client, alice, submitted):
    event = record(
        actor=alice, action="alert.moved", obj=submitted.alert, source="received", target="triaged"
    )
    url = reverse("admin:audit_auditevent_change", args=[event.pk])
    text = read(dora_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode())[2]
    assert "a changé le statut" in text
    assert "statut de départ: reçue" in text or "statut de départ: Reçue" in text
    assert "received" not in text and "triaged" not in text


def test_a_row_stored_as_a_plain_string_reads_in_words(alice):
    event = AuditEvent.objects.create(
        actor=alice, action="otp.enrolled", object_type="accounts.user", object_id=str(alice.pk)
    )
    event.refresh_from_db()
    assert event.action == AuditAction.OTP_ENROLLED
    assert event.get_action_display() == "set up an authenticator app"


def test_an_unlisted_code_is_shown_as_stored(dora_client, alice):
    record(actor=alice, action="legacy.something", obj=alice)
    text = dora_client.get("/admin/audit/auditevent/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "legacy.something" in text


def test_the_staff_trail_names_every_kind_of_actor(alice_client, submitted):
    record(actor=None, actor_kind="staff", action="alert.viewed", obj=submitted.alert)
    page = alice_client.get(
        reverse("staff:alert", args=[submitted.alert.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    rows = {(row.who, row.what) for row in page.context["trail"]}
    assert ("auteur de l'alerte", "alerte reçue") in rows
    # A staff row whose account is gone names the kind of actor, in words.
    assert ("membre de l'équipe", "a ouvert l'alerte") in rows
