"""Every staff view or change of an alert leaves an audit row: who, what, when."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from relais.alerts.models import Message
from relais.alerts.services import post_reporter_message
from relais.alerts.workflow import Status
from relais.audit.models import AuditEvent
from relais.audit.services import VISIT
from relais.staff.models import AlertRead


def _events(alert, action):
    return AuditEvent.objects.filter(
        object_type="alerts.alert", object_id=str(alert.pk), action=action
    )


def test_an_opening_is_recorded_once_per_visit_not_per_page_load(alice_client, alice, submitted):
    before = timezone.now()
    url = reverse("staff:alert", args=[submitted.alert.pk])
    for _ in range(3):
        alice_client.get(url)
    # A reply and a move show the page again: still the same visit.
    alice_client.post(reverse("staff:reply", args=[submitted.alert.pk]), {"body": "Merci."})
    alice_client.get(url)
    events = list(_events(submitted.alert, "alert.viewed"))
    assert len(events) == 1
    assert events[0].actor == alice and events[0].actor_kind == "staff" and events[0].at >= before


def test_a_later_visit_is_recorded_again(alice_client, alice, submitted):
    url = reverse("staff:alert", args=[submitted.alert.pk])
    alice_client.get(url)
    _events(submitted.alert, "alert.viewed").update(at=timezone.now() - VISIT)
    alice_client.get(url)
    assert _events(submitted.alert, "alert.viewed").count() == 2


def test_opening_after_the_reporter_wrote_is_recorded_within_the_visit(
    alice_client, alice, submitted
):
    url = reverse("staff:alert", args=[submitted.alert.pk])
    alice_client.get(url)
    earlier = timezone.now() - timedelta(seconds=5)
    AlertRead.objects.filter(user=alice).update(read_at=earlier)
    post_reporter_message(alert=submitted.alert, body="Il a recommencé.")
    alice_client.get(url)
    assert _events(submitted.alert, "alert.viewed").count() == 2


def test_each_case_worker_opening_is_recorded(alice_client, alice, dora_client, dora, submitted):
    url = reverse("staff:alert", args=[submitted.alert.pk])
    alice_client.get(url)
    dora_client.get(url)
    assert {e.actor for e in _events(submitted.alert, "alert.viewed")} == {alice, dora}


def test_a_reply_is_recorded_and_reaches_the_thread(alice_client, alice, submitted):
    response = alice_client.post(
        reverse("staff:reply", args=[submitted.alert.pk]), {"body": "Merci, nous regardons."}
    )
    assert response.status_code == 302
    message = Message.objects.get()
    assert (message.author, message.staff_user, message.body) == (
        "staff",
        alice,
        "Merci, nous regardons.",
    )
    event = _events(submitted.alert, "message.sent").get()
    assert event.actor == alice
    assert event.details == {"message": message.pk}


def test_an_empty_reply_is_refused_and_sends_nothing(alice_client, submitted):
    response = alice_client.post(reverse("staff:reply", args=[submitted.alert.pk]), {"body": " "})
    assert response.status_code == 400
    assert response.context["reply_form"].errors["body"]
    assert not Message.objects.exists()
    assert not _events(submitted.alert, "message.sent").exists()


def test_a_move_is_recorded_with_its_actor(alice_client, alice, submitted):
    alice_client.post(reverse("staff:move", args=[submitted.alert.pk]), {"to": Status.TRIAGED})
    event = _events(submitted.alert, "alert.moved").get()
    assert event.actor == alice
    assert event.at is not None


def test_the_alert_page_shows_its_audit_trail(alice_client, submitted):
    alice_client.post(reverse("staff:move", args=[submitted.alert.pk]), {"to": Status.TRIAGED})
    response = alice_client.get(reverse("staff:alert", args=[submitted.alert.pk]))
    rows = response.context["trail"]
    assert [row.who for row in rows if row.who == "alice"]
    assert {"opened the alert", "changed the status", "alert received"} <= {
        row.what for row in rows
    }


def test_refused_requests_of_others_leave_no_view_row(bob_client, charlie_client, submitted):
    bob_client.get(reverse("staff:alert", args=[submitted.alert.pk]))
    charlie_client.get(reverse("staff:alert", args=[submitted.alert.pk]))
    assert not _events(submitted.alert, "alert.viewed").exists()


def test_the_notice_page_records_an_opening_once_per_visit_too(alice_client, alice, submitted):
    url = reverse("notices:notice", args=[submitted.alert.pk])
    for _ in range(3):
        assert alice_client.get(url).status_code == 200
    alice_client.get(reverse("staff:alert", args=[submitted.alert.pk]))
    assert _events(submitted.alert, "alert.viewed").count() == 1
