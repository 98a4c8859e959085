"""The timeline's tables: what was read from the vault's items (the messages of chat exports,
the text of images), the links captured beside them, and who is who in the family's words.

These tables were created by the evidence app and moved here without moving a row (issue 11,
point 3): each keeps its table name (`db_table`), its index and constraint names, and the name
that its rows were written under in audit rows and signed proof payloads (`stored_label`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from relais.alerts.models import Platform
from relais.evidence.models import MAX_NOTE, EvidenceItem
from relais.lib.models import BaseModel
from relais.proofs.models import proof_entry_field

MAX_AUTHOR = 200


class ChatImport(BaseModel):
    """What became of reading an item as a chat export (one row per text or zip item).

    While a worker reads it the row says "importing" (import_claims): the events written so far
    count for nothing until the row says "imported"."""

    class Status(models.TextChoices):
        IMPORTING = "importing", _("being read")
        IMPORTED = "imported", _("imported")
        NOT_A_CHAT = "not_a_chat", _("not a chat export")
        FAILED = "failed", _("could not be read")

    # The model's name in audit rows and proof payloads, as before it left the evidence app.
    stored_label = "evidence.chatimport"

    item = models.OneToOneField(
        EvidenceItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="chat_import"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    platform = models.CharField(_("platform"), max_length=16, blank=True)
    event_count = models.PositiveIntegerField(_("number of events"), default=0)
    # SHA-256 of the events' digests, in order, joined by newlines: what the proof entry covers.
    events_digest = models.CharField(_("digest of the events"), max_length=64, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    proof_entry = proof_entry_field()

    class Meta:
        db_table = "evidence_chatimport"  # the evidence app created it; no row moved
        verbose_name = _("chat export import")
        verbose_name_plural = _("chat export imports")

    def __str__(self) -> str:
        return f"import {self.item_id} {self.status}"


class TimelineEvent(BaseModel):
    """One message (or system line) of an imported chat export."""

    stored_label = "evidence.timelineevent"

    item = models.ForeignKey(
        EvidenceItem, verbose_name=_("chat export"), on_delete=models.CASCADE, related_name="events"
    )
    position = models.PositiveIntegerField(_("position in the export"))
    occurred_at = models.DateTimeField(_("when it happened"), null=True, blank=True)
    original_occurred_at = models.DateTimeField(
        _("when it happened, as first given"), null=True, blank=True, editable=False
    )
    # The export wrote a wall-clock time; the alert's country's zone was assumed.
    zone_assumed = models.BooleanField(_("time zone assumed"), default=False)
    author = models.CharField(_("author"), max_length=MAX_AUTHOR, blank=True)
    text = models.TextField(_("text"), blank=True)
    kind = models.CharField(_("kind"), max_length=16)
    platform = models.CharField(_("platform"), max_length=16, blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    digest = models.CharField(_("digest"), max_length=64)
    line = models.PositiveIntegerField(_("line"), null=True, blank=True)

    class Meta:
        db_table = "evidence_timelineevent"
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        constraints = [
            models.UniqueConstraint(fields=["item", "position"], name="evidence_event_position")
        ]

    def __str__(self) -> str:
        return f"event {self.digest[:12]}"


class Participant(BaseModel):
    """Who someone in the alert's chat exports is, in the family's words.

    People found in an export are participants until the family says who is who: nobody is
    called an alleged author before that (timeline.Synthesis.authors). A row exists once the
    family gave a role; the handles themselves come from the timeline events.
    """

    stored_label = "evidence.participant"

    class Role(models.TextChoices):
        VICTIM = "victim", _("the child being bullied")
        ALLEGED_AUTHOR = "alleged_author", _("someone who bullied (alleged author)")
        WITNESS = "witness", _("a witness")
        FRIEND = "friend", _("a friend")
        ME = "me", _("me, the person writing here")
        UNKNOWN = "unknown", _("I don't know")

    alert = models.ForeignKey(
        "alerts.Alert",
        verbose_name=_("alert"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    handle = models.CharField(_("name in the export"), max_length=MAX_AUTHOR)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    proof_entry = proof_entry_field()  # the latest role given

    class Meta:
        db_table = "evidence_participant"
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["alert", "handle"], name="evidence_participant_once")
        ]

    def __str__(self) -> str:
        return f"participant {self.pk}"


class EvidenceText(BaseModel):
    """The text read in an image (OCR, French), with a folded copy for accent-blind search."""

    stored_label = "evidence.evidencetext"

    item = models.OneToOneField(
        EvidenceItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="ocr"
    )
    text = models.TextField(_("text"), blank=True)
    folded = models.TextField(_("folded text"), blank=True, editable=False)
    confidence = models.FloatField(_("confidence"), default=0)
    reason = models.TextField(_("why no text was read"), blank=True)

    class Meta:
        db_table = "evidence_evidencetext"
        verbose_name = _("text read in an image")
        verbose_name_plural = _("texts read in images")

    def __str__(self) -> str:
        return f"ocr {self.item_id}"


class LinkCapture(BaseModel):
    """A page that must stay online, recorded by its address: no file is kept.

    A link to a sexual image of a minor is recorded the same way, flagged, and nothing else.
    """

    stored_label = "evidence.linkcapture"

    alert = models.ForeignKey(
        "alerts.Alert",
        verbose_name=_("alert"),
        on_delete=models.CASCADE,
        related_name="link_captures",
    )
    url = models.CharField(_("address"), max_length=2048)
    seen_at = models.DateTimeField(_("when it was seen"), null=True, blank=True)
    original_seen_at = models.DateTimeField(
        _("when it was seen, as first given"), null=True, blank=True, editable=False
    )
    note = models.TextField(_("note"), max_length=MAX_NOTE, blank=True)
    platform = models.CharField(_("platform"), max_length=16, choices=Platform.choices, blank=True)
    captured_by = models.CharField(
        _("captured by"), max_length=16, choices=EvidenceItem.Uploader.choices
    )
    staff_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sexual_image_of_minor = models.BooleanField(
        _("sexual image of a minor (link only, reported)"), default=False
    )
    proof_entry = proof_entry_field()

    class Meta:
        db_table = "evidence_linkcapture"
        verbose_name = _("captured link")
        verbose_name_plural = _("captured links")
        indexes = [models.Index(fields=["alert", "created_at"], name="evidence_links_by_alert")]

    def __str__(self) -> str:
        return f"link {self.pk}"
