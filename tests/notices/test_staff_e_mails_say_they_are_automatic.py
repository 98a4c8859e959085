"""The case workers' "something is waiting" e-mails are the outbox's own kind, apart from the
notices in counts and in the admin, and say they are automatic (RFC 3834), so that no
out-of-office answers them; a notice, written by a person, says it is not."""

from __future__ import annotations

from relais.notices.models import OutboxKind, OutboxMessage
from relais.notices.outbox import send_due
from relais.staff import notify
from tests.factories import make_alert
from tests.notices.conftest import queue_plain_notice


def test_a_staff_e_mail_is_of_its_own_kind_and_says_it_is_automatic(
    smtp, alice, school, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_alert(school)

    [message] = OutboxMessage.objects.all()
    assert message.kind == OutboxKind.STAFF
    assert message.get_kind_display() == "e-mail to a case worker"  # a choice, not a raw value
    assert not OutboxMessage.objects.filter(kind=OutboxKind.NOTICE).exists()
    send_due()
    [received] = smtp.sink.messages
    assert received["To"] == alice.email
    assert received["Auto-Submitted"] == "auto-generated"


def test_the_notifier_counts_only_its_own_kind(alice, triaged, smtp):
    """A notice queued to alice's address does not stand for a staff e-mail in the burst rule."""
    queue_plain_notice(triaged, alice)
    OutboxMessage.objects.filter(kind=OutboxKind.NOTICE).update(to_email=alice.email)

    assert notify.notify(alert_id=triaged.pk, what=notify.NEW_ALERT) == 1


def test_a_notice_says_a_person_sent_it(smtp, triaged, alice):
    queue_plain_notice(triaged, alice)
    send_due()
    [received] = smtp.sink.messages
    assert received["Auto-Submitted"] == "no"
