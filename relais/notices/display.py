"""Words for the audit actions this app writes, for the staff trail (relais/staff/display.py
ACTIONS can include them: ``ACTIONS.update(NOTICE_ACTIONS)``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

NOTICE_ACTIONS: dict[str, Any] = {
    "notice.drafted": _("saved the notice draft"),
    "notice.redaction_overridden": _("sent the notice despite the redaction check"),
    "notice.not_names_confirmed": _("confirmed that words of the notice are not names"),
    "notice.queued": _("put the notice in the outbox"),
    "notice.sent": _("the mail server accepted the notice"),
    "notice.failed": _("the mail server refused the notice"),
    "notice.unknown": _("the notice's delivery is unknown"),
    "notice.resent": _("sent the notice again"),
    "notice.acknowledged": _("the school acknowledged the notice"),
    "notice.reminder_queued": _("a reminder to the school was queued"),
    "notice.reminder_sent": _("the reminder was sent"),
    "notice.reminder_failed": _("the mail server refused the reminder"),
    "notice.reminder_unknown": _("the reminder's delivery is unknown"),
    "notice.escalation_proposed": _("escalation proposed: the school has not acknowledged"),
    "notice.escalation_queued": _("sent the escalation to the authority"),
    "notice.escalation_sent": _("the mail server accepted the escalation"),
    "notice.escalation_failed": _("the mail server refused the escalation"),
    "notice.escalation_unknown": _("the escalation's delivery is unknown"),
}
