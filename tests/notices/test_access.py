"""alice handles her organisation's alert; bob gets 404 and changes nothing; charlie gets 403."""

from __future__ import annotations

import pytest

from relais.notices.compose import draft_for
from relais.notices.models import Notice, OutboxMessage
from tests.notices.conftest import PLAIN_FACTS

PAGES = ["", "compose/", "resend/", "escalate/"]


def url(alert, page=""):
    return f"/staff/notices/alerts/{alert.pk}/{page}"


def test_alice_sees_the_notice_page_with_a_draft(alice_client, triaged):
    page = alice_client.get(url(triaged))

    assert page.status_code == 200
    assert triaged.school.name in page.content.decode()


def test_alice_can_compose_and_send(alice_client, triaged):
    subject, body = draft_for(triaged)

    page = alice_client.post(
        url(triaged, "compose/"),
        {"subject": subject, "body": body, "facts": PLAIN_FACTS, "action": "send"},
    )

    assert page.status_code == 302
    assert OutboxMessage.objects.filter(notice__alert=triaged).count() == 1


@pytest.mark.parametrize("page", PAGES)
def test_bob_gets_404_and_changes_nothing(bob_client, triaged, page):
    subject, body = draft_for(triaged)
    data = {"subject": subject, "body": body, "action": "send"}

    response = bob_client.post(url(triaged, page), data) if page else bob_client.get(url(triaged))

    assert response.status_code == 404
    assert not Notice.objects.exists()
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize("page", PAGES)
def test_charlie_gets_403(charlie_client, triaged, page):
    response = charlie_client.post(url(triaged, page)) if page else charlie_client.get(url(triaged))

    assert response.status_code == 403
    assert not Notice.objects.exists()


def test_a_visitor_is_sent_to_sign_in(client, triaged):
    response = client.get(url(triaged))

    assert response.status_code == 302
    assert "/staff/login/" in response["Location"]


def test_a_notice_cannot_be_sent_before_triage(alice_client, submitted):
    subject, body = draft_for(submitted.alert)

    page = alice_client.post(
        url(submitted.alert, "compose/"), {"subject": subject, "body": body, "action": "send"}
    )

    assert page.status_code == 400
    assert not OutboxMessage.objects.exists()
