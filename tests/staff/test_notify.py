"""The case workers get an e-mail when something waits for them: a new alert, a danger alert, a
reporter's message. It says nothing of the alert, leaves through the outbox once the reporter's
transaction has committed, and a burst does not flood anyone, except for danger."""

from __future__ import annotations

import pytest

from relais.alerts.services import post_reporter_message
from relais.notices import outbox
from relais.notices.models import OutboxMessage
from relais.staff import notify
from tests.factories import make_alert
from tests.notices.conftest import smtp  # noqa: F401  (the fixture: a real SMTP server)

DESCRIPTION = "Léa, en 3e B, reçoit chaque soir des menaces de Tom sur Snapchat."


def _staff_mail():
    return OutboxMessage.objects.filter(kind=notify.KIND).order_by("created_at")


def test_a_new_alert_queues_one_content_free_e_mail_per_case_worker(
    alice,
    bob,
    charlie,
    school,
    django_capture_on_commit_callbacks,
    smtp,  # noqa: F811
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        alert = make_alert(school, description=DESCRIPTION).alert
        assert not _staff_mail().exists()  # nothing before the alert is committed
    for callback in callbacks:
        callback()
    mails = list(_staff_mail())
    assert [m.to_email for m in mails] == [alice.email]  # not bob (other organisation), not charlie
    outbox.send_due()
    [received] = smtp.sink.messages
    text = received["Subject"] + received.get_content()
    assert received["To"] == alice.email
    for secret in ("Léa", "Tom", "Snapchat", alert.reference, school.name, "3e B"):
        assert secret not in text
    assert "/staff/" in text


def test_a_danger_alert_always_leaves_and_says_so(
    alice, school, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_alert(school)
        make_alert(school, immediate_danger=True)
        make_alert(school, immediate_danger=True)
    subjects = [m.subject for m in _staff_mail()]
    assert len(subjects) == 3
    assert sum("danger" in subject for subject in subjects) == 2


def test_a_burst_of_ordinary_alerts_sends_one_e_mail(
    alice, school, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            make_alert(school)
    assert _staff_mail().count() == 1


def test_a_reporters_message_queues_an_e_mail(alice, submitted, django_capture_on_commit_callbacks):
    OutboxMessage.objects.filter(kind=notify.KIND).delete()
    with django_capture_on_commit_callbacks(execute=True):
        post_reporter_message(alert=submitted.alert, body="Il a recommencé, Léa pleure.")
    [mail] = _staff_mail()
    assert mail.to_email == alice.email
    assert "Léa" not in mail.body and "recommencé" not in mail.body
    assert "written" in mail.body


@pytest.mark.django_db(transaction=True)
def test_an_alert_rolled_back_sends_nothing(alice, school):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        make_alert(school)
        raise RuntimeError
    assert not _staff_mail().exists()


def test_an_alert_sent_through_the_api_warns_the_case_workers(
    client, alice, school, django_capture_on_commit_callbacks
):
    body = {
        "school_id": str(school.pk),
        "reporter_role": "victim",
        "categories": ["menace"],
        "description": DESCRIPTION,
        "immediate_danger": True,
        "good_faith": True,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/alerts", body, content_type="application/json")
    assert response.status_code == 201
    [mail] = _staff_mail()
    assert mail.to_email == alice.email
    assert "danger" in mail.subject
    assert "Léa" not in mail.body and school.name not in mail.body


def test_only_active_case_workers_with_an_address_are_written_to(
    alice, be_org, school, django_capture_on_commit_callbacks
):
    from relais.accounts.models import Role
    from tests.factories import UserFactory

    UserFactory(username="gone", organisation=be_org, role=Role.CASE_WORKER, is_active=False)
    UserFactory(username="noaddress", organisation=be_org, role=Role.CASE_WORKER, email="")
    UserFactory(username="norole", organisation=be_org, role=Role.NONE)
    admin = UserFactory(username="dora", organisation=be_org, role=Role.ADMINISTRATOR)
    with django_capture_on_commit_callbacks(execute=True):
        make_alert(school)
    assert sorted(m.to_email for m in _staff_mail()) == sorted([alice.email, admin.email])
