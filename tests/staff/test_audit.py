"""Every staff view or change of an alert leaves an audit row: who, what, when."""

from django.urls import reverse
from django.utils import timezone

from relais.alerts.models import Message
from relais.alerts.workflow import Status
from relais.audit.models import AuditEvent


def _events(alert, action):
    return AuditEvent.objects.filter(
        object_type="alerts.alert", object_id=str(alert.pk), action=action
    )


def test_each_opening_of_the_alert_page_is_recorded(alice_client, alice, submitted):
    before = timezone.now()
    url = reverse("staff:alert", args=[submitted.alert.pk])
    alice_client.get(url)
    alice_client.get(url)
    events = list(_events(submitted.alert, "alert.viewed"))
    assert len(events) == 2
    assert all(e.actor == alice and e.actor_kind == "staff" and e.at >= before for e in events)


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
