"""The names of what the audit log records, and of who did it, with their words for readers.

The stored values are the strings Relais has always written ("otp.enrolled"), so older rows
read under the same labels. An action written anywhere in relais/ must be a member:
tests/audit/test_every_action_is_named.py reads the code and fails on one that is not.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ActorKind(models.TextChoices):
    STAFF = "staff", _("staff member")
    # The anonymous reporter, through their mailbox.
    REPORTER = "reporter", _("reporter")
    # The worker and the scheduled jobs.
    SYSTEM = "system", _("Relais, automatically")
    # A school's direction, through the acknowledgment link.
    SCHOOL = "school", pgettext_lazy("who acted, in the audit trail", "the school")


class AuditAction(models.TextChoices):
    # Accounts and the second factor.
    DEMO_ACCOUNT_CREATED = "accounts.demo_account_created", _("demo account created")
    OTP_ENROLMENT_STARTED = "otp.enrolment_started", _("began setting up an authenticator app")
    OTP_ENROLLED = "otp.enrolled", _("set up an authenticator app")
    # The administration (relais.staff.admin_site.AdministratorAdmin.log_*).
    ADMIN_ADDED = "admin.added", _("added in the administration")
    ADMIN_CHANGED = "admin.changed", _("changed in the administration")
    ADMIN_DELETED = "admin.deleted", _("deleted in the administration")
    # Alerts and the conversation with the reporter.
    ALERT_SUBMITTED = "alert.submitted", _("alert received")
    ALERT_VIEWED = "alert.viewed", _("opened the alert")
    ALERT_MOVED = "alert.moved", _("changed the status")
    MESSAGE_SENT = "message.sent", _("replied to the reporter")
    MESSAGE_RECEIVED = "message.received", _("the reporter wrote")
    CONSENT_CHANGED = "consent.changed", _("the reporter changed their consents")
    # Notices to schools, their reminders and escalations.
    NOTICE_DRAFTED = "notice.drafted", _("saved the notice draft")
    NOTICE_REDACTION_OVERRIDDEN = (
        "notice.redaction_overridden",
        _("sent the notice despite the redaction check"),
    )
    NOTICE_NOT_NAMES_CONFIRMED = (
        "notice.not_names_confirmed",
        _("confirmed that words of the notice are not names"),
    )
    NOTICE_QUEUED = "notice.queued", _("put the notice in the outbox")
    NOTICE_SENT = "notice.sent", _("the mail server accepted the notice")
    NOTICE_FAILED = "notice.failed", _("the mail server refused the notice")
    NOTICE_UNKNOWN = "notice.unknown", _("the notice's delivery is unknown")
    NOTICE_RESENT = "notice.resent", _("sent the notice again")
    NOTICE_ACKNOWLEDGED = "notice.acknowledged", _("the school acknowledged the notice")
    REMINDER_QUEUED = "notice.reminder_queued", _("a reminder to the school was queued")
    REMINDER_SENT = "notice.reminder_sent", _("the reminder was sent")
    REMINDER_FAILED = "notice.reminder_failed", _("the mail server refused the reminder")
    REMINDER_UNKNOWN = "notice.reminder_unknown", _("the reminder's delivery is unknown")
    ESCALATION_PROPOSED = (
        "notice.escalation_proposed",
        _("escalation proposed: the school has not acknowledged"),
    )
    ESCALATION_QUEUED = "notice.escalation_queued", _("sent the escalation to the authority")
    ESCALATION_SENT = "notice.escalation_sent", _("the mail server accepted the escalation")
    ESCALATION_FAILED = "notice.escalation_failed", _("the mail server refused the escalation")
    ESCALATION_UNKNOWN = "notice.escalation_unknown", _("the escalation's delivery is unknown")
    # Evidence: the vault.
    EVIDENCE_SEALED = "evidence.sealed", _("added a piece of evidence")
    EVIDENCE_WITHDRAWN = "evidence.withdrawn", _("withdrew a piece of evidence")
    EVIDENCE_VIEWED = "evidence.viewed", _("opened a piece of evidence")
    EVIDENCE_THUMBNAIL_VIEWED = "evidence.thumbnail_viewed", _("looked at a thumbnail")
    EVIDENCE_COPY_DOWNLOADED = (
        "evidence.copy_downloaded",
        _("downloaded the copy without metadata"),
    )
    EVIDENCE_ORIGINAL_DOWNLOADED = (
        "evidence.original_downloaded",
        _("downloaded the sealed original"),
    )
    EVIDENCE_SHARED = "evidence.shared", _("shared a piece of evidence with the school")
    # Evidence: the timeline.
    EVIDENCE_IMPORTED = "evidence.imported", _("read a chat export into the timeline")
    EVIDENCE_IMPORT_NOT_A_CHAT = "evidence.import_not_a_chat", _("the file is not a chat export")
    EVIDENCE_IMPORT_FAILED = "evidence.import_failed", _("the chat export could not be read")
    EVIDENCE_DATES_REREAD = "evidence.dates_reread", _("read the dates of a chat export again")
    EVIDENCE_TEXT_READ = "evidence.text_read", _("read the text of an image")
    EVIDENCE_TIMELINE_VIEWED = "evidence.timeline_viewed", _("opened the timeline")
    EVIDENCE_DATE_CORRECTED = (
        "evidence.occurred_at_corrected",
        _("corrected a date on the timeline"),
    )
    EVIDENCE_LINK_CAPTURED = "evidence.link_captured", _("recorded a link")
    EVIDENCE_PARTICIPANT_ROLE = (
        "evidence.participant_role",
        _("said who a person of the conversation is"),
    )
    # Documents.
    DOCUMENT_GENERATED = "document.generated", _("generated a document")
    DOCUMENT_DOWNLOADED = "document.downloaded", _("downloaded a document")
