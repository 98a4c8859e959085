"""E-mails to the case workers: "something is waiting for you", and nothing more.

Sent when a new alert, a danger alert or a reporter's message arrives, through the notices'
outbox (persisted, retried, sent once), queued after the reporter's transaction commits: a
failure here never costs the reporter their alert or message (``robust`` callbacks are logged
and dropped), and a rolled-back alert sends nothing.

The e-mail names no school, category, reference or word of the reporter's: mailboxes are read on
phones and forwarded, and a case worker signs in with a second factor to read the rest.
A burst of alerts (10 000 an hour after a news event) must not become 10 000 e-mails per case
worker: an ordinary one is skipped when that person already got one within QUIET; an alert that
says someone is in danger now always leaves.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from relais.accounts.models import Role, User
from relais.alerts.models import Alert
from relais.notices import queue
from relais.notices.models import OutboxKind, OutboxMessage

# The outbox's kind for these e-mails, apart from the notices' in counts and in the admin. The
# outbox and its effects do nothing for a message that has no notice; the e-mail says it is
# automatic (Auto-Submitted: auto-generated, RFC 3834), so that no out-of-office answers it.
KIND = OutboxKind.STAFF
QUIET = timedelta(minutes=15)

NEW_ALERT = "alert"
DANGER = "danger"
MESSAGE = "message"


def after_commit(*, alert: Alert, what: str) -> None:
    """Queue the e-mails once the caller's transaction has committed (call inside it)."""
    alert_pk = alert.pk
    transaction.on_commit(lambda: notify(alert_id=alert_pk, what=what), robust=True)


def recipients(alert: Any) -> list[str]:
    """The addresses of the case workers who may handle this alert (alerts.access's rule)."""
    if alert.organisation_id is None:
        return []
    people = User.objects.filter(
        organisation_id=alert.organisation_id,
        is_active=True,
        role__in=[Role.CASE_WORKER, Role.ADMINISTRATOR],
    ).exclude(email="")
    return sorted(set(people.values_list("email", flat=True)))


def _texts(what: str) -> tuple[str, str]:
    link = f"{settings.SITE_URL.rstrip('/')}{reverse('staff:inbox')}"
    if what == DANGER:
        subject = _("Relais: an alert says someone is in danger now")
        lead = _("A new alert says that someone is in danger now.")
    elif what == MESSAGE:
        subject = _("Relais: something is waiting for you")
        lead = _("A reporter has written in their mailbox.")
    else:
        subject = _("Relais: something is waiting for you")
        lead = _("A new alert has arrived.")
    body = "\n\n".join(
        [
            lead,
            _("Sign in to read it: %(link)s") % {"link": link},
            _(
                "This e-mail holds nothing of the alert on purpose. You get at most one every "
                "%(minutes)d minutes, except for an alert that says someone is in danger now."
            )
            % {"minutes": int(QUIET.total_seconds() // 60)},
        ]
    )
    return str(subject), body + "\n"


def notify(*, alert_id: Any, what: str) -> int:
    """Queue one e-mail per case worker of the alert's organisation; returns how many."""
    alert = Alert.objects.filter(pk=alert_id).only("organisation_id").first()
    if alert is None:
        return 0
    addresses = recipients(alert)
    if what != DANGER:
        recent = set(
            OutboxMessage.objects.filter(
                kind=KIND, to_email__in=addresses, created_at__gte=timezone.now() - QUIET
            ).values_list("to_email", flat=True)
        )
        addresses = [address for address in addresses if address not in recent]
    if not addresses:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _texts(what)
    with transaction.atomic():
        for address in addresses:
            queue.queue_message(
                kind=KIND, to=address, subject=subject, body=body, from_name="Relais"
            )
    return len(addresses)
