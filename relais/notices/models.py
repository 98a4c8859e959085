"""Notices to schools, the e-mail outbox that carries them, acknowledgment links and escalations.

The outbox is generic (notice, reminder, escalation) but lives here because notices are its only
users so far; the procedure that sends it is relais.notices.outbox.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from relais.lib.models import BaseModel

MAX_NOTICE = 20_000
MAX_FACTS = 5_000
# How long a used acknowledgment link still shows the school its receipt, counted from the
# acknowledgment: long enough to download and print it, short enough that a forwarded or stolen
# e-mail stops showing the notice. It never acknowledges again.
RECEIPT_DAYS = 30


class NoticeState(models.TextChoices):
    DRAFT = "draft", _("draft")
    QUEUED = "queued", _("waiting to be sent")
    SENT = "sent", _("accepted by the mail server")
    ACKNOWLEDGED = "acknowledged", _("acknowledged by the school")
    FAILED = "failed", _("refused by the mail server")


class Notice(BaseModel):
    """The anonymised notice a case worker writes to a school's direction about one alert."""

    alert = models.ForeignKey(
        "alerts.Alert", verbose_name=_("alert"), on_delete=models.PROTECT, related_name="notices"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    jurisdiction = models.CharField(_("jurisdiction"), max_length=8)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text of the notice"), max_length=MAX_NOTICE)
    # What happened, in the case worker's words, redacted: the school cannot act on categories
    # and a month alone. Checked with the subject and the text before sending.
    facts = models.TextField(_("facts"), max_length=MAX_FACTS, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=NoticeState.choices, default=NoticeState.DRAFT
    )
    override_reason = models.TextField(
        _("reason for sending despite the redaction check"), blank=True
    )
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, db_index=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    reminder_queued_at = models.DateTimeField(_("reminder queued at"), null=True, blank=True)
    # The "notice.sent" proof entry and the payload its digest covers: the school's receipt
    # carries both (the payload as the receipt's opening).
    sent_entry = models.ForeignKey(
        "proofs.ProofEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_payload = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "sent_at"], name="notice_deadlines")]

    def __str__(self) -> str:
        # The alert's reference, the one the e-mail, the staff pages and the documents give.
        return _("Notice %(reference)s") % {"reference": self.alert.reference}


class OutboxState(models.TextChoices):
    QUEUED = "queued", _("waiting to be sent")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("accepted by the mail server")
    FAILED = "failed", _("refused; will not be retried")
    # A worker stopped between handing the message over and recording the reply: the server may
    # have accepted it. Never re-sent automatically; a case worker decides.
    UNKNOWN = "unknown", _("outcome unknown")
    # Withdrawn before any attempt handed it over (a referral revoked, or its link sent again in
    # a newer e-mail): the worker never claims it. An e-mail already sent stays as it was.
    CANCELLED = "cancelled", _("withdrawn before it was sent")


class OutboxOutcome:
    """What a page says of an e-mail, from its `state` (an OutboxState): the base of the records
    the pages read (a case's escalation, a referral's e-mail: relais/cases/escalations.py,
    relais/cases/referral_delivery.py)."""

    state: str

    @property
    def pending(self) -> bool:
        return self.state in (OutboxState.QUEUED, OutboxState.SENDING)

    @property
    def accepted(self) -> bool:
        return self.state == OutboxState.SENT

    @property
    def refused(self) -> bool:
        return self.state == OutboxState.FAILED

    @property
    def unknown(self) -> bool:
        return self.state == OutboxState.UNKNOWN


class OutboxKind(models.TextChoices):
    NOTICE = "notice", _("notice")
    REMINDER = "reminder", _("reminder")
    ESCALATION = "escalation", _("escalation")
    # "Something is waiting" to a case worker (relais.staff.notify): no notice, no proof.
    STAFF = "staff", _("e-mail to a case worker")
    # An invitation to join a school's team (relais.accounts.invitations): no notice, no proof.
    INVITATION = "invitation", _("invitation to a school's team")
    # A school's referral of a case to a relay (relais.cases.referral_mail): its link is minted
    # at each attempt; no notice, and the proof is the referral's own.
    REFERRAL = "referral", _("referral to a relay service")


class OutboxMessage(BaseModel):
    """An e-mail committed before any attempt to send it. Its Message-ID never changes."""

    kind = models.CharField(_("kind"), max_length=16, choices=OutboxKind.choices)
    notice = models.ForeignKey(
        Notice, on_delete=models.PROTECT, null=True, blank=True, related_name="outbox_messages"
    )
    from_email = models.CharField(_("from"), max_length=254)
    # The organisation's contact address: a school that answers reaches a person.
    reply_to = models.EmailField(_("reply to"), blank=True)
    to_email = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    # May hold ACK_PLACEHOLDER: the acknowledgment link is minted at each attempt, so that the
    # database never holds a usable token.
    body = models.TextField(_("body"))
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    state = models.CharField(
        _("state"), max_length=16, choices=OutboxState.choices, default=OutboxState.QUEUED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return self.message_id


class AttemptOutcome(models.TextChoices):
    STARTED = "started", _("started")
    ACCEPTED = "accepted", _("accepted")
    DEFERRED = "deferred", _("temporary failure; will retry")
    REJECTED = "rejected", _("refused")
    UNKNOWN = "unknown", _("outcome unknown")


class OutboxAttempt(models.Model):
    """One try at handing a message to the SMTP server, written before the connection opens."""

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="tries")
    number = models.PositiveIntegerField(_("number"))
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=AttemptOutcome.choices, default=AttemptOutcome.STARTED
    )
    smtp_code = models.IntegerField(_("SMTP code"), null=True, blank=True)
    smtp_reply = models.TextField(_("SMTP reply or error"), blank=True)

    class Meta:
        verbose_name = _("sending attempt")
        verbose_name_plural = _("sending attempts")
        ordering = ["message", "number"]
        constraints = [
            models.UniqueConstraint(fields=["message", "number"], name="attempt_number_unique")
        ]
        indexes = [models.Index(fields=["outcome", "started_at"], name="attempt_open")]

    def __str__(self) -> str:
        return f"{self.message_id} #{self.number} {self.outcome}"


class AckLink(BaseModel):
    """A one-time acknowledgment link. Only the SHA-256 of its token is stored."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="ack_links")
    attempt = models.ForeignKey(
        OutboxAttempt, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("acknowledgment link")
        verbose_name_plural = _("acknowledgment links")

    def __str__(self) -> str:
        return f"{self.notice} {self.expires_at:%Y-%m-%d}"


class Acknowledgment(BaseModel):
    """Who at the school acknowledged the notice, when, and the log's state they were shown."""

    notice = models.OneToOneField(Notice, on_delete=models.PROTECT, related_name="acknowledgment")
    link = models.ForeignKey(AckLink, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200)
    acknowledged_at = models.DateTimeField(_("acknowledged at"))
    tree_head = models.JSONField(_("signed tree head"), default=dict)
    # The "notice.acknowledged" proof entry and its payload, for the school's receipt.
    entry = models.ForeignKey(
        "proofs.ProofEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("acknowledgment")
        verbose_name_plural = _("acknowledgments")

    def __str__(self) -> str:
        return f"{self.notice} {self.acknowledged_at:%Y-%m-%d}"


class EscalationState(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    QUEUED = "queued", _("waiting to be sent")
    SENT = "sent", _("sent")


class EscalationProposal(BaseModel):
    """Proposed when a notice stays unacknowledged; sent only by a case worker, with consent."""

    notice = models.OneToOneField(Notice, on_delete=models.PROTECT, related_name="escalation")
    authority = models.CharField(_("authority"), max_length=300, blank=True)
    to_email = models.EmailField(_("authority's e-mail"), blank=True)
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=EscalationState.choices,
        default=EscalationState.PROPOSED,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    message = models.OneToOneField(
        OutboxMessage, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("escalation proposal")
        verbose_name_plural = _("escalation proposals")

    def __str__(self) -> str:
        return f"{self.notice} → {self.authority}"
