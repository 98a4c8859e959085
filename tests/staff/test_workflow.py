"""Every pair of statuses through the move form: allowed moves succeed, the others change
nothing. The table itself is relais.alerts.workflow.TRANSITIONS; the statuses that record an
event (EVENT_ONLY) are never a person's move, whatever the table allows the event."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from relais.alerts.models import Alert
from relais.alerts.services import move_alert
from relais.alerts.workflow import EVENT_ONLY, REASON_REQUIRED, TRANSITIONS, Status
from relais.audit.models import AuditEvent

PAIRS = [(source, target) for source in Status.values for target in Status.values]
ALLOWED = [(s, t) for s, t in PAIRS if t in TRANSITIONS[s] and t not in EVENT_ONLY]
REFUSED = [(s, t) for s, t in PAIRS if t not in TRANSITIONS[s] or t in EVENT_ONLY]
# Moves the table allows an event but never a person: "notice sent" with no notice written,
# "acknowledged" with no school having acknowledged.
EVENT_MOVES = [(s, t) for s, t in PAIRS if t in TRANSITIONS[s] and t in EVENT_ONLY]


def _put_in(alert, status):
    Alert.objects.filter(pk=alert.pk).update(status=status)


def _move(client, alert, target, reason=""):
    return client.post(reverse("staff:move", args=[alert.pk]), {"to": target, "reason": reason})


@pytest.mark.parametrize(("source", "target"), ALLOWED)
def test_an_allowed_move_changes_the_status(alice_client, alice, submitted, source, target):
    alert = submitted.alert
    _put_in(alert, source)
    response = _move(alice_client, alert, target, reason="Faits non établis après vérification.")
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == target
    event = AuditEvent.objects.get(action="alert.moved", object_id=str(alert.pk))
    assert event.actor == alice
    assert event.details == {"source": source, "target": target}


@pytest.mark.parametrize(("source", "target"), REFUSED)
def test_a_move_outside_the_table_is_refused_and_changes_nothing(
    alice_client, submitted, source, target
):
    alert = submitted.alert
    _put_in(alert, source)
    response = _move(alice_client, alert, target, reason="Une raison.")
    assert response.status_code == 400
    assert response.context["move_form"].errors["to"]
    alert.refresh_from_db()
    assert alert.status == source
    assert not AuditEvent.objects.filter(action="alert.moved").exists()


@pytest.mark.parametrize("source", [s for s in Status.values if REASON_REQUIRED & TRANSITIONS[s]])
def test_refusing_requires_a_reason(alice_client, submitted, source):
    alert = submitted.alert
    _put_in(alert, source)
    response = _move(alice_client, alert, Status.REFUSED, reason="   ")
    assert response.status_code == 400
    assert response.context["move_form"].errors["reason"]
    alert.refresh_from_db()
    assert alert.status == source
    assert alert.status_reason == ""


def test_a_refusal_keeps_its_reason(alice_client, submitted):
    alert = submitted.alert
    _move(alice_client, alert, Status.REFUSED, reason="Aucun fait précis.")
    alert.refresh_from_db()
    assert (alert.status, alert.status_reason) == (Status.REFUSED, "Aucun fait précis.")


def test_an_unknown_status_is_refused(alice_client, submitted):
    response = _move(alice_client, submitted.alert, "deleted")
    assert response.status_code == 400
    assert Alert.objects.get().status == Status.RECEIVED


def test_the_move_form_offers_only_the_allowed_targets(alice_client, submitted):
    response = alice_client.get(reverse("staff:alert", args=[submitted.alert.pk]))
    offered = {value for value, _label in response.context["move_form"].targets}
    assert offered == set(TRANSITIONS[Status.RECEIVED])
    html = response.content.decode()
    assert f'value="{Status.TRIAGED}"' in html
    assert f'value="{Status.CLOSED}"' not in html


def test_the_statuses_that_record_an_event_are_the_notice_s_sending_and_acknowledgment():
    assert set(EVENT_ONLY) == {Status.NOTICE_SENT, Status.ACKNOWLEDGED}
    assert EVENT_MOVES  # the table does reach them, through their event


@pytest.mark.parametrize(("source", "target"), EVENT_MOVES)
def test_the_move_form_refuses_a_status_that_records_an_event(
    alice_client, submitted, source, target
):
    alert = submitted.alert
    _put_in(alert, source)
    response = _move(alice_client, alert, target)
    assert response.status_code == 400
    assert response.context["move_form"].errors["to"]
    alert.refresh_from_db()
    assert alert.status == source
    assert not AuditEvent.objects.filter(action="alert.moved").exists()


@pytest.mark.parametrize(("source", "target"), EVENT_MOVES)
def test_move_alert_refuses_a_person_a_status_that_records_an_event(
    alice, submitted, source, target
):
    alert = submitted.alert
    _put_in(alert, source)
    with pytest.raises(ValidationError) as refused:
        move_alert(alert=alert, to=target, actor=alice)
    assert refused.value.code == "event_only"
    alert.refresh_from_db()
    assert alert.status == source


@pytest.mark.parametrize("source", Status.values)
def test_the_move_form_never_offers_a_status_that_records_an_event(alice_client, submitted, source):
    _put_in(submitted.alert, source)
    response = alice_client.get(reverse("staff:alert", args=[submitted.alert.pk]))
    offered = {value for value, _label in response.context["move_form"].targets}
    assert not offered & set(EVENT_ONLY)
    html = response.content.decode()
    for status in EVENT_ONLY:
        assert f'value="{status}"' not in html


def test_a_refused_alert_offers_no_move(alice_client, submitted):
    _put_in(submitted.alert, Status.REFUSED)
    response = alice_client.get(reverse("staff:alert", args=[submitted.alert.pk]))
    assert response.context["move_form"].targets == []
