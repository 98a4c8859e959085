"""A school's case: the alerts and notices it gathers, its pseudonymised people, the protocol's
steps, referrals to relays and notes (issue 12). A support centre's cases (seed 003) will reuse it.

States are written only by relais/cases/workflow.py; every write is a service in
relais/cases/services.py (or referrals.py) with its audit row and, where the family or a court
may rely on it, a proof-log entry (digests only).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from relais.lib.models import BaseModel

MAX_TEXT = 2_000
MAX_NOTE = 10_000


class CaseState(models.TextChoices):
    # A context of their own: French says "ouvert", "clôturé" of a case (un dossier) where an
    # alert (une alerte) is "clôturée".
    OPEN = "open", pgettext_lazy("case", "open")
    CLOSED = "closed", pgettext_lazy("case", "closed")


class Origin(models.TextChoices):
    NOTICE = "notice", _("a notice the school acknowledged")
    PUPIL = "pupil", _("a pupil came forward")
    ASSOCIATION = "association", _("by the association")


class Outcome(models.TextChoices):
    STOPPED = "stopped", _("the bullying stopped")
    REDUCED = "reduced", _("the bullying was reduced")
    CONTINUED = "continued", _("the bullying continued")
    NOT_BULLYING = "not_bullying", _("not bullying, after inquiry")
    TRANSFERRED = "transferred", _("handed over (justice, another service)")


class Case(BaseModel):
    school = models.ForeignKey(
        "schools.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="cases"
    )
    # A short number the school can say aloud ("dossier 2026-14"), unique per school.
    number = models.CharField(_("number"), max_length=20)
    protocol = models.CharField(_("protocol"), max_length=64)
    track = models.CharField(_("track"), max_length=32, blank=True)
    origin = models.CharField(_("opened from"), max_length=16, choices=Origin.choices)
    state = models.CharField(
        _("status"), max_length=16, choices=CaseState.choices, default=CaseState.OPEN
    )
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    # What is known of the case: the protocol's branches read these (relais.protocols.model).
    victim_known = models.BooleanField(_("the pupil targeted is known"), default=False)
    minor = models.BooleanField(_("the pupil is a minor"), default=True)
    danger = models.BooleanField(_("danger now"), default=False)
    intimate_images = models.BooleanField(_("intimate images"), default=False)
    # The facts in the school's words, pseudonymised ("Élève A").
    summary = models.TextField(_("summary"), max_length=MAX_NOTE, blank=True)
    # Opened by the association: the e-mail that told the school (relais/cases/opened_mail.py),
    # whose delivery the association's page shows; none when the school has no official address.
    opened_message = models.ForeignKey(
        "notices.OutboxMessage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="case_number_per_school")
        ]
        indexes = [models.Index(fields=["school", "state", "opened_at"], name="case_list")]

    def __str__(self) -> str:
        return self.number

    def conditions(self) -> dict[str, bool]:
        return {
            "victim_known": self.victim_known,
            "minor": self.minor,
            "danger": self.danger,
            "intimate_images": self.intimate_images,
        }


class CaseAlert(models.Model):
    """An alert the case gathers, with the notice through which the school learnt of it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links")
    alert = models.ForeignKey("alerts.Alert", on_delete=models.PROTECT, related_name="case_links")
    notice = models.ForeignKey(
        "notices.Notice", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # When the case began to gather this alert: its family sees the steps recorded from then on,
    # never what the school did before for another family (a witness's alert linked later to the
    # victim's case must not learn of the police or the images). The case's first alert: its
    # opening.
    linked_at = models.DateTimeField(_("gathered on"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "alert"], name="case_alert_once"),
            # One school case per notice: a second "open a case" shows the first.
            models.UniqueConstraint(fields=["notice"], name="case_per_notice"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.alert_id}"


class PersonRole(models.TextChoices):
    TARGET = "target", _("pupil targeted")
    ALLEGED_AUTHOR = "alleged_author", _("alleged author")
    WITNESS = "witness", _("witness")


class CasePerson(BaseModel):
    """A person of the case under a pseudonym ("Élève A"); the real name is read by the
    direction alone (relais.cases.access.may_read_names)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(_("role"), max_length=16, choices=PersonRole.choices)
    label = models.CharField(_("pseudonym"), max_length=40)
    real_name = models.CharField(_("real name"), max_length=200, blank=True)
    class_name = models.CharField(_("class"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("person of a case")
        verbose_name_plural = _("people of a case")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "label"], name="case_person_label_once")
        ]

    def __str__(self) -> str:
        return self.label


class CaseStep(BaseModel):
    """One step of the case's protocol, created when the case opens (or when its track starts),
    due from the opening or from the step it follows, recorded once."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    key = models.CharField(_("step"), max_length=64)
    # None until the step it follows is recorded, or for a step without a deadline.
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # What was recorded: {"checked": true}, {"date": "2026-03-12"}, {"text": "..."} or
    # {"checklist": ["key", ...]}.
    value = models.JSONField(_("recorded"), default=dict, blank=True)
    # Copied from the protocol when the step is created: the mailbox lists these in one query.
    family_visible = models.BooleanField(default=False)
    # When the deadline sweep reminds the step and proposes its escalation: its due date, and
    # its due date plus the protocol's escalation delay, but never before the due date was set,
    # so that a due date set in the past is caught by the next sweep instead of falling behind
    # one that already ran (relais/cases/deadlines.py; steps.deadline_fields sets all three).
    remind_at = models.DateTimeField(null=True, blank=True, editable=False)
    escalate_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When a case worker sent the proposed escalation to the school's authority (with the
    # reporter's consent; relais/cases/escalations.py).
    escalation_sent_at = models.DateTimeField(_("escalation sent at"), null=True, blank=True)
    # Its e-mail, whose outcome the alert page shows (accepted, refused, being sent): the outbox
    # records it (relais/cases/escalation_delivery.py). A refused one may be sent again, in a new
    # e-mail that this then names.
    escalation_message = models.ForeignKey(
        "notices.OutboxMessage", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entry = models.ForeignKey(
        "proofs.ProofEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="case_step_once")]
        indexes = [
            # A sweep reads the open steps whose remind_at (escalate_at) falls in its window:
            # in proportion to its work, not to every open step (relais/cases/deadlines.py).
            models.Index(
                fields=["remind_at"], condition=Q(done_at__isnull=True), name="case_step_remind"
            ),
            models.Index(
                fields=["escalate_at"],
                condition=Q(done_at__isnull=True),
                name="case_step_escalate",
            ),
            # A case's next due step (the school's case list, relais/cases/listing.py): one index
            # descent per case instead of reading and sorting its steps (bench/cases.py).
            models.Index(
                fields=["case", "due_at", "key"],
                condition=Q(done_at__isnull=True, due_at__isnull=False),
                name="case_step_next_due",
            ),
        ]

    def __str__(self) -> str:
        return self.key


class DeadlineSweep(models.Model):
    """One run of the deadline sweep that found something to do (relais/cases/deadlines.py).

    The runs are a chain of windows: each starts where the previous one stopped (`since`, unique,
    so that two sweeps at once cannot both claim a window) and handles the open steps whose
    remind_at or escalate_at falls in (since, through]. A step was reminded (proposed) by the run
    whose window holds its remind_at (escalate_at): what the school's and the association's
    pages say is read from here, and a sweep writes one row, not one per step."""

    since = models.DateTimeField(unique=True)
    through = models.DateTimeField(unique=True)
    ran_at = models.DateTimeField()
    reminded = models.PositiveIntegerField(default=0)  # steps
    emails = models.PositiveIntegerField(default=0)
    proposed = models.PositiveIntegerField(default=0)  # steps
    # The schools (ids, as text) this run reminded on their case page only, having no official
    # address: their pages do not say that a reminder was sent.
    unmailed = models.JSONField(default=list, blank=True)
    # The run links each e-mail to its school (SweepReminder): a school without a link was not
    # e-mailed. False for the runs before migration 0009, which have no links.
    linked = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("deadline sweep")
        verbose_name_plural = _("deadline sweeps")
        constraints = [
            models.CheckConstraint(condition=Q(since__lt=models.F("through")), name="sweep_window")
        ]

    def __str__(self) -> str:
        return f"{self.since:%Y-%m-%d %H:%M} → {self.through:%Y-%m-%d %H:%M}"


class SweepReminder(models.Model):
    """The reminder e-mail a run of the sweep queued for a school: the case page says what its
    mail server answered ("rappel envoyé le …" only once it was accepted), and the escalation
    e-mail says the school was reminded only then. Runs before the links (DeadlineSweep.linked
    false, migration 0009) have none: their pages say "rappel envoyé" as they did."""

    run = models.ForeignKey(DeadlineSweep, on_delete=models.CASCADE, related_name="reminders")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    message = models.OneToOneField(
        "notices.OutboxMessage", on_delete=models.PROTECT, related_name="sweep_reminder"
    )

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        constraints = [
            models.UniqueConstraint(fields=["run", "school"], name="one_reminder_per_school")
        ]

    def __str__(self) -> str:
        return f"{self.run} · {self.school_id}"


class ReferralState(models.TextChoices):
    # A referral is a "demande" in French (feminine): the labels have their own context so that
    # French reads "terminée", "retirée", not the masculine of other states named alike.
    SENT = "sent", pgettext_lazy("referral state", "sent")
    ACCEPTED = "accepted", pgettext_lazy("referral state", "accepted")
    REFUSED = "refused", pgettext_lazy("referral state", "refused")
    DONE = "done", pgettext_lazy("referral state", "done")
    REVOKED = "revoked", pgettext_lazy("referral state", "revoked")


class ConsentBy(models.TextChoices):
    PARENTS = "parents", _("the parents")
    PUPIL = "pupil", _("the pupil alone, where the law allows")


class Referral(BaseModel):
    """The case referred to a service of the directory, with the consent it needs."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    service = models.ForeignKey(
        "directory.Service", verbose_name=_("service"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("status"), max_length=16, choices=ReferralState.choices, default=ReferralState.SENT
    )
    consent_by = models.CharField(_("consent given by"), max_length=16, choices=ConsentBy.choices)
    consent_at = models.DateTimeField(_("consent given on"))
    # What the school asks of the service, pseudonymised.
    request = models.TextField(_("what is asked"), max_length=MAX_TEXT)
    reason = models.TextField(_("reason"), max_length=MAX_TEXT, blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"))
    # The service is expected to answer by then; past it the referral is overdue.
    answer_by = models.DateTimeField(_("answer expected by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # When the deadline sweep first found it past answer_by, still sent (audited once).
    overdue_flagged_at = models.DateTimeField(_("flagged overdue at"), null=True, blank=True)
    # The e-mail that carries the service its link: the outbox mints the link at each attempt
    # (relais/cases/referral_mail.py), so that no usable token is ever stored.
    message = models.ForeignKey(
        "notices.OutboxMessage", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [models.Index(fields=["state", "answer_by"], name="referral_due")]

    def __str__(self) -> str:
        return f"{self.case} → {self.service}"


class ReferralLink(BaseModel):
    """An expiring link for a service without an account: it reaches this referral only."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="links")
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral link")
        verbose_name_plural = _("referral links")

    def __str__(self) -> str:
        return f"link {self.referral_id}"


class NoteAudience(models.TextChoices):
    # The school's team only.
    SCHOOL = "school", _("the school's team")
    # The school and the association that handles the alert: their conversation in the case.
    ASSOCIATION = "association", _("the school and the association")


class CaseNote(BaseModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    audience = models.CharField(_("seen by"), max_length=16, choices=NoteAudience.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("text"), max_length=MAX_NOTE)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.case} {self.created_at:%Y-%m-%d}"
