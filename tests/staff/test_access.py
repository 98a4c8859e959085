"""alice handles her organisation's alerts; bob (another organisation) and charlie (no role)
see nothing of them, whatever the URL."""

import pytest
from django.test import Client
from django.urls import reverse

from relais.alerts.models import Alert, Message
from relais.alerts.workflow import Status
from tests.conftest import login_verified
from tests.factories import UserFactory


def _urls(alert):
    return {
        "alert": reverse("staff:alert", args=[alert.pk]),
        "reply": reverse("staff:reply", args=[alert.pk]),
        "move": reverse("staff:move", args=[alert.pk]),
    }


def test_alice_sees_her_organisations_alert_in_the_inbox(alice_client, submitted):
    response = alice_client.get(reverse("staff:inbox"))
    assert response.status_code == 200
    assert submitted.alert.reference in response.content.decode()


def test_bob_does_not_see_alices_alert_in_the_inbox(bob_client, submitted):
    response = bob_client.get(reverse("staff:inbox"))
    assert response.status_code == 200
    assert submitted.alert.reference not in response.content.decode()
    assert response.context["alerts"] == []


def test_bob_gets_404_on_alices_alert_page(bob_client, submitted):
    assert bob_client.get(_urls(submitted.alert)["alert"]).status_code == 404


def test_bob_cannot_reply_to_alices_alert(bob_client, submitted):
    response = bob_client.post(_urls(submitted.alert)["reply"], {"body": "Bonjour"})
    assert response.status_code == 404
    assert not Message.objects.exists()


def test_bob_cannot_move_alices_alert(bob_client, submitted):
    response = bob_client.post(_urls(submitted.alert)["move"], {"to": Status.TRIAGED})
    assert response.status_code == 404
    assert Alert.objects.get().status == Status.RECEIVED


@pytest.mark.parametrize("name", ["inbox", "alert", "reply", "move"])
def test_charlie_without_a_role_gets_403_everywhere(charlie_client, submitted, name):
    url = reverse("staff:inbox") if name == "inbox" else _urls(submitted.alert)[name]
    if name in {"reply", "move"}:
        response = charlie_client.post(url, {"body": "x", "to": Status.TRIAGED})
    else:
        response = charlie_client.get(url)
    assert response.status_code == 403
    assert submitted.alert.reference not in response.content.decode()
    assert not Message.objects.exists()
    assert Alert.objects.get().status == Status.RECEIVED


@pytest.mark.parametrize("name", ["inbox", "alert", "reply", "move"])
def test_anonymous_visitors_are_sent_to_sign_in(client, submitted, name):
    url = reverse("staff:inbox") if name == "inbox" else _urls(submitted.alert)[name]
    response = client.post(url, {"body": "x"}) if name in {"reply", "move"} else client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:login"))


def test_a_session_without_the_second_factor_cannot_see_the_inbox(alice, submitted):
    client = Client()
    client.force_login(alice)  # password only: no OTP device verified in this session
    response = client.get(reverse("staff:inbox"))
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:verify")
    assert client.get(_urls(submitted.alert)["alert"]).status_code == 302


def test_a_deactivated_member_loses_access(alice, submitted):
    client = login_verified(Client(), alice)
    alice.is_active = False
    alice.save()
    assert client.get(_urls(submitted.alert)["alert"]).status_code == 302


def test_a_member_without_an_organisation_sees_nothing(submitted):
    loner = UserFactory(username="loner", organisation=None)
    client = login_verified(Client(), loner)
    assert client.get(reverse("staff:inbox")).status_code == 403
    assert client.get(_urls(submitted.alert)["alert"]).status_code == 403


def test_an_unknown_alert_is_404(alice_client):
    url = reverse("staff:alert", args=["00000000-0000-0000-0000-000000000000"])
    assert alice_client.get(url).status_code == 404
