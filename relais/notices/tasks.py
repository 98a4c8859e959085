"""The outbox's recurring jobs, queued by the worker's scheduler (relais/worker/schedule.py).

Both are safe to run again after a worker died in the middle: sending claims each message
before the SMTP conversation and an attempt left without a reply is reconciled as "outcome
unknown", never re-sent (outbox.py); deadlines are checked under a row lock per notice.
"""

from __future__ import annotations

from django_tasks import task

from relais.notices import deadlines, outbox


@task(queue_name="routine")
def send_outbox() -> int:
    """Send the e-mails that are due; returns the number of attempts made."""
    return outbox.send_due()


@task(queue_name="routine")
def check_deadlines() -> dict[str, int]:
    """Queue the reminders and propose the escalations that are due."""
    report = deadlines.check_deadlines()
    return {"reminders": report.reminders, "proposals": report.proposals}
