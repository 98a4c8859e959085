"""The inbox's deadline column: the next deadline of each alert, overdue ones marked."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from relais.alerts.models import Alert
from relais.alerts.workflow import Status
from relais.notices.models import EscalationProposal, Notice, NoticeState


def _deadline(client, pk):
    response = client.get(reverse("staff:inbox"))
    return dict((alert.pk, deadline) for alert, deadline in response.context["rows"])[pk]


def test_a_new_alert_must_be_acknowledged_to_its_reporter_within_7_days(alice_client, submitted):
    deadline = _deadline(alice_client, submitted.alert.pk)
    assert str(deadline.what) == "acknowledge to the reporter"
    assert deadline.due == submitted.alert.created_at + timedelta(days=7)
    assert not deadline.overdue


def test_an_old_unacknowledged_alert_is_overdue_and_marked(alice_client, submitted):
    Alert.objects.filter(pk=submitted.alert.pk).update(
        created_at=timezone.now() - timedelta(days=8)
    )
    assert _deadline(alice_client, submitted.alert.pk).overdue
    html = alice_client.get(reverse("staff:inbox")).content.decode()
    assert 'class="deadline overdue"' in html and "overdue:" in html


def test_a_triaged_alert_owes_feedback_at_3_months(alice_client, submitted):
    Alert.objects.filter(pk=submitted.alert.pk).update(status=Status.TRIAGED)
    deadline = _deadline(alice_client, submitted.alert.pk)
    assert str(deadline.what) == "feedback to the reporter"
    assert timedelta(days=89) < deadline.due - submitted.alert.created_at < timedelta(days=93)


def _sent_notice(alert, alice, days_ago):
    sent = timezone.now() - timedelta(days=days_ago)
    Alert.objects.filter(pk=alert.pk).update(status=Status.NOTICE_SENT)
    return Notice.objects.create(
        alert=alert,
        author=alice,
        jurisdiction="be-fwb",
        subject="Signalement",
        body="Texte",
        state=NoticeState.SENT,
        sent_at=sent,
    )


def test_a_sent_notice_waits_for_the_schools_acknowledgment(alice_client, alice, submitted):
    notice = _sent_notice(submitted.alert, alice, days_ago=1)
    deadline = _deadline(alice_client, submitted.alert.pk)
    assert str(deadline.what) == "school's acknowledgment"
    assert deadline.due == notice.sent_at + timedelta(days=7)


def test_a_proposed_escalation_is_overdue_until_decided(alice_client, alice, submitted):
    notice = _sent_notice(submitted.alert, alice, days_ago=20)
    EscalationProposal.objects.create(notice=notice, authority="PO", to_email="po@example.org")
    deadline = _deadline(alice_client, submitted.alert.pk)
    assert str(deadline.what) == "escalation to decide"
    assert deadline.overdue


def test_a_closed_alert_has_no_deadline(alice_client, submitted):
    Alert.objects.filter(pk=submitted.alert.pk).update(status=Status.CLOSED)
    assert _deadline(alice_client, submitted.alert.pk) is None
