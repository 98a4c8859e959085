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
    # A relay service (PMS centre, mediation, police referent), through its account or its link.
    RELAY = "relay", pgettext_lazy("who acted, in the audit trail", "a relay service")


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
    EVIDENCE_SHARED_DESPITE_CHECK = (
        "evidence.shared_despite_check",
        _("shared a piece of evidence despite the redaction check"),
    )
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
    # School accounts (relais/accounts/invitations.py).
    SCHOOL_ACCOUNT_REQUESTED = "school.account_requested", _("asked for a school account")
    SCHOOL_INVITATION_SENT = "school.invitation_sent", _("an invitation was sent to the school")
    SCHOOL_ACCOUNT_CREATED = "school.account_created", _("a school account was created")
    SCHOOL_MEMBER_INVITED = "school.member_invited", _("invited a colleague to the school's team")
    SCHOOL_MEMBER_DEACTIVATED = (
        "school.member_deactivated",
        _("deactivated a member of the school's team"),
    )
    SCHOOL_MEMBER_REACTIVATED = (
        "school.member_reactivated",
        _("reactivated a member of the school's team"),
    )
    SCHOOL_INVITATION_WITHDRAWN = (
        "school.invitation_withdrawn",
        _("withdrew an invitation to the school's team"),
    )
    # Cases (relais/cases).
    CASE_OPENED = "case.opened", _("opened a case")
    CASE_VIEWED = "case.viewed", _("opened the case")
    CASE_CHANGED = "case.changed", _("changed what is known of the case")
    CASE_STEP_RECORDED = "case.step_recorded", _("recorded a step of the protocol")
    CASE_TRACK_SWITCHED = "case.track_switched", _("the case moved to another track")
    CASE_PERSON_ADDED = "case.person_added", _("added a person to the case")
    CASE_PERSON_CHANGED = "case.person_changed", _("changed a person of the case")
    CASE_NAMES_VIEWED = "case.names_viewed", _("read the real names of the case")
    CASE_NAME_IN_EARLIER_TEXTS = (
        "case.name_in_earlier_texts",
        _("a real name was found in earlier texts of the case"),
    )
    CASE_NOTE_WRITTEN = "case.note_written", _("wrote in the case")
    CASE_EVIDENCE_ADDED = "case.evidence_added", _("added shared evidence to the case")
    CASE_LEAFLET_GENERATED = "case.leaflet_generated", _("printed the parents' leaflet")
    CASE_STEP_REMINDED = "case.step_reminded", _("a reminder for an overdue step was sent")
    CASE_ESCALATION_PROPOSED = (
        "case.escalation_proposed",
        _("escalation proposed: a step is long overdue"),
    )
    CASE_ESCALATION_SENT = (
        "case.escalation_sent",
        _("sent the escalation to the school's authority"),
    )
    # What the outbox learnt of that e-mail (relais/cases/escalation_delivery.py), and the case
    # worker sending again the steps whose e-mail the server refused.
    CASE_ESCALATION_DELIVERED = (
        "case.escalation_delivered",
        _("the authority's mail server accepted the escalation"),
    )
    CASE_ESCALATION_FAILED = (
        "case.escalation_failed",
        _("the authority's mail server refused the escalation"),
    )
    CASE_ESCALATION_UNKNOWN = (
        "case.escalation_unknown",
        _("the escalation's delivery to the authority is unknown"),
    )
    CASE_ESCALATION_RESENT = (
        "case.escalation_resent",
        _("sent the escalation to the school's authority again"),
    )
    CASE_CLOSED = "case.closed", _("closed the case")
    # Referrals to relays (relais/cases/referrals.py).
    REFERRAL_SENT = "referral.sent", _("referred the case to a service")
    REFERRAL_ACCEPTED = "referral.accepted", _("the service accepted the referral")
    REFERRAL_REFUSED = "referral.refused", _("the service refused the referral")
    REFERRAL_DONE = "referral.done", _("the service recorded its work as done")
    REFERRAL_REVOKED = "referral.revoked", _("revoked the referral")
    REFERRAL_RESENT = "referral.resent", _("sent the service the referral's link again")
    REFERRAL_OPENED = "referral.opened", _("the service opened the referral")
    REFERRAL_OVERDUE = "referral.overdue", _("the service has not answered the referral in time")
