"""PUT /api/v1/mailbox/consent"""

from __future__ import annotations

import pytest

from relais.alerts.models import Alert
from relais.audit.models import AuditEvent
from tests.api.conftest import assert_error


def test_escalation_can_be_allowed(mailbox, submitted):
    response = mailbox.put("/mailbox/consent", {"escalation": True, "reveal_identity": False})
    assert response.status_code == 200
    assert response.json() == {"escalation": True, "reveal_identity": False}
    alert = Alert.objects.get(pk=submitted.alert.pk)
    assert (alert.consent_escalation, alert.reveal_identity) == (True, False)
    assert AuditEvent.objects.filter(action="consent.changed").count() == 1
    assert mailbox.get("/mailbox").json()["alert"]["consent_escalation"] is True


def test_revealing_identity_keeps_name_and_contact(mailbox, submitted):
    body = {
        "escalation": False,
        "reveal_identity": True,
        "name": "Camille Dupont",
        "contact": "camille@example.org",
    }
    assert mailbox.put("/mailbox/consent", body).status_code == 200
    alert = Alert.objects.get(pk=submitted.alert.pk)
    assert (alert.reporter_name, alert.reporter_contact) == (
        "Camille Dupont",
        "camille@example.org",
    )


def test_withdrawing_identity_forgets_name_and_contact(mailbox, submitted):
    mailbox.put(
        "/mailbox/consent",
        {"escalation": False, "reveal_identity": True, "name": "Camille", "contact": "0470"},
    )
    mailbox.put("/mailbox/consent", {"escalation": False, "reveal_identity": False})
    alert = Alert.objects.get(pk=submitted.alert.pk)
    assert (alert.reveal_identity, alert.reporter_name, alert.reporter_contact) == (False, "", "")


@pytest.mark.parametrize(
    "extra", [{}, {"name": "Camille"}, {"contact": "0470"}, {"name": " ", "contact": " "}]
)
def test_revealing_identity_without_name_and_contact_is_refused(mailbox, submitted, extra):
    body = {"escalation": False, "reveal_identity": True, **extra}
    assert_error(mailbox.put("/mailbox/consent", body), 422)
    assert Alert.objects.get(pk=submitted.alert.pk).reveal_identity is False


@pytest.mark.parametrize(
    "body",
    [{}, {"escalation": True}, {"escalation": "yes", "reveal_identity": False}, [True, False]],
)
def test_a_body_of_the_wrong_shape_is_refused(mailbox, submitted, body):
    assert_error(mailbox.put("/mailbox/consent", body), 422)
    assert Alert.objects.get(pk=submitted.alert.pk).consent_escalation is False


def test_without_a_token_nothing_changes(api, submitted):
    assert_error(api.put("/mailbox/consent", {"escalation": True, "reveal_identity": False}), 401)
    assert Alert.objects.get(pk=submitted.alert.pk).consent_escalation is False


def test_post_is_not_the_method_for_consent(mailbox):
    response = mailbox.post("/mailbox/consent", {"escalation": True, "reveal_identity": False})
    assert_error(response, 405)
    assert response["Allow"] == "PUT"


def test_a_10_mb_body_is_refused_as_too_large(mailbox, submitted):
    body = {"escalation": True, "reveal_identity": True, "name": "a" * 10_000_000, "contact": "b"}
    assert_error(mailbox.put("/mailbox/consent", body), 413)
    assert Alert.objects.get(pk=submitted.alert.pk).consent_escalation is False
