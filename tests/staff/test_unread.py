"""Unread is per case worker: the reporter's new message or file marks the alert unread for each
of them, and only their own opening clears it for them."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from relais.alerts.services import post_reporter_message
from relais.evidence.intake import Intake
from relais.evidence.services import seal_evidence
from relais.staff.models import AlertRead
from tests.conftest import login_verified
from tests.evidence.conftest import pdf
from tests.factories import UserFactory


def _unread(client) -> set:
    response = client.get(reverse("staff:inbox"))
    assert response.status_code == 200
    return {alert.pk for alert in response.context["alerts"] if alert.unread}


def _age_reads(alert, by=timedelta(seconds=5)):
    """Open the alert "earlier", so that what the reporter does next is newer than the opening
    whatever the clock's resolution."""
    for read in AlertRead.objects.filter(alert=alert):
        AlertRead.objects.filter(pk=read.pk).update(read_at=read.read_at - by)


def test_a_new_alert_is_unread_and_opening_it_clears_it(alice_client, submitted):
    alert = submitted.alert
    assert _unread(alice_client) == {alert.pk}
    html = alice_client.get(reverse("staff:inbox")).content.decode()
    assert "unread" in html
    alice_client.get(reverse("staff:alert", args=[alert.pk]))
    assert _unread(alice_client) == set()


def test_a_reporters_new_message_marks_the_alert_unread_again(alice_client, submitted):
    alert = submitted.alert
    alice_client.get(reverse("staff:alert", args=[alert.pk]))
    _age_reads(alert)
    post_reporter_message(alert=alert, body="Il a recommencé ce matin.")
    assert _unread(alice_client) == {alert.pk}


def test_a_reporters_new_file_marks_the_alert_unread_again(alice_client, submitted):
    alert = submitted.alert
    alice_client.get(reverse("staff:alert", args=[alert.pk]))
    _age_reads(alert)
    intake = Intake(max_bytes=1024 * 1024)
    intake.feed(pdf(2000))  # a whole PDF: a damaged one is refused
    seal_evidence(alert=alert, blob=intake.finish())
    assert _unread(alice_client) == {alert.pk}


def test_a_colleague_opening_the_alert_leaves_it_unread_for_me(
    alice_client, alice, be_org, submitted
):
    erin = UserFactory(username="erin", organisation=be_org, role=alice.role)
    erin_client = login_verified(alice_client.__class__(), erin)
    erin_client.get(reverse("staff:alert", args=[submitted.alert.pk]))
    assert _unread(erin_client) == set()
    assert _unread(alice_client) == {submitted.alert.pk}


def test_the_unread_filter_shows_only_unread_alerts(alice_client, submitted, school):
    from tests.factories import make_alert

    other = make_alert(school).alert
    alice_client.get(reverse("staff:alert", args=[submitted.alert.pk]))
    response = alice_client.get(reverse("staff:inbox"), {"unread": "on"})
    assert [a.pk for a in response.context["alerts"]] == [other.pk]
