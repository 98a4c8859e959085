"""The evidence vault's tables. Blobs live in storage (alias "evidence"), sealed; rows hold what
is needed to open them (a wrapped data key and its installation key id) and to show them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from relais.alerts.models import Platform
from relais.lib.models import BaseModel
from relais.proofs.models import proof_entry_field

MAX_NOTE = 2000


class Sealed(models.Model):
    """A sealed blob: where it is, what it holds, and its data key wrapped by the vault key."""

    blob_name = models.CharField(_("blob"), max_length=200, editable=False)
    size = models.BigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    media_type = models.CharField(_("media type"), max_length=100)
    key_id = models.CharField(_("vault key id"), max_length=16, db_index=True, editable=False)
    wrapped_key = models.BinaryField(_("wrapped data key"), max_length=128, editable=False)
    chunk_size = models.PositiveIntegerField(_("chunk size"), editable=False)

    class Meta:
        abstract = True


class EvidenceItem(BaseModel, Sealed):
    """One file in an alert's vault: the sealed original, never modified."""

    class Uploader(models.TextChoices):
        REPORTER = "reporter", _("reporter")
        STAFF = "staff", _("staff")

    class Kind(models.TextChoices):
        IMAGE = "image", _("image")
        PDF = "pdf", _("PDF document")
        VIDEO = "video", _("video")
        AUDIO = "audio", _("sound recording")
        TEXT = "text", _("text")
        CHAT_EXPORT = "chat_export", _("chat export")

    alert = models.ForeignKey(
        "alerts.Alert", verbose_name=_("alert"), on_delete=models.CASCADE, related_name="evidence"
    )
    uploaded_by = models.CharField(_("uploaded by"), max_length=16, choices=Uploader.choices)
    staff_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    display_name = models.CharField(_("file name"), max_length=120, blank=True)
    occurred_at = models.DateTimeField(_("when it happened"), null=True, blank=True)
    # What the uploader first said, kept when someone corrects the date later.
    original_occurred_at = models.DateTimeField(
        _("when it happened, as first given"), null=True, blank=True, editable=False
    )
    platform = models.CharField(_("platform"), max_length=16, choices=Platform.choices, blank=True)
    note = models.TextField(_("note"), max_length=MAX_NOTE, blank=True)
    # EXIF date, device and GPS, sealed with the original's data key (crypto.seal_bytes).
    sealed_facts = models.BinaryField(_("sealed metadata"), null=True, blank=True, editable=False)
    proof_entry = proof_entry_field()
    # Withdrawn by whoever sent it (a wrong upload): it leaves the timeline and the documents,
    # but the sealed original stays in the vault until the retention schedule removes it.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(_("why it was withdrawn"), max_length=MAX_NOTE, blank=True)
    withdrawal_proof = proof_entry_field()

    class Meta:
        verbose_name = _("evidence item")
        verbose_name_plural = _("evidence items")
        indexes = [models.Index(fields=["alert", "created_at"], name="evidence_by_alert")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sha256[:12]}"

    @property
    def facts_blob_id(self) -> uuid.UUID:
        return uuid.uuid5(self.id, "facts")

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class EvidenceCopy(BaseModel, Sealed):
    """A working copy made from the original (Berkeley Protocol): metadata stripped."""

    class Kind(models.TextChoices):
        STRIPPED = "stripped", _("stripped copy")
        THUMBNAIL = "thumbnail", _("thumbnail")

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="copies")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)

    class Meta:
        verbose_name = _("working copy")
        verbose_name_plural = _("working copies")
        constraints = [
            models.UniqueConstraint(fields=["item", "kind"], name="evidence_one_copy_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.sha256[:12]}"


class Share(BaseModel):
    """A stripped copy made visible to a school. Never the original, never the metadata."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="shares")
    school = models.ForeignKey(
        "schools.School", verbose_name=_("school"), on_delete=models.CASCADE, related_name="+"
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("shared item")
        verbose_name_plural = _("shared items")
        constraints = [
            models.UniqueConstraint(fields=["item", "school"], name="evidence_share_once")
        ]

    def __str__(self) -> str:
        return f"share {self.item_id}"


# --- The timeline (docs/evidence.md, "The timeline") -----------------------------------------

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
        verbose_name = _("chat export import")
        verbose_name_plural = _("chat export imports")

    def __str__(self) -> str:
        return f"import {self.item_id} {self.status}"


class TimelineEvent(BaseModel):
    """One message (or system line) of an imported chat export."""

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
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["alert", "handle"], name="evidence_participant_once")
        ]

    def __str__(self) -> str:
        return f"participant {self.pk}"


class EvidenceText(BaseModel):
    """The text read in an image (OCR, French), with a folded copy for accent-blind search."""

    item = models.OneToOneField(
        EvidenceItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="ocr"
    )
    text = models.TextField(_("text"), blank=True)
    folded = models.TextField(_("folded text"), blank=True, editable=False)
    confidence = models.FloatField(_("confidence"), default=0)
    reason = models.TextField(_("why no text was read"), blank=True)

    class Meta:
        verbose_name = _("text read in an image")
        verbose_name_plural = _("texts read in images")

    def __str__(self) -> str:
        return f"ocr {self.item_id}"


class LinkCapture(BaseModel):
    """A page that must stay online, recorded by its address: no file is kept.

    A link to a sexual image of a minor is recorded the same way, flagged, and nothing else.
    """

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
        verbose_name = _("captured link")
        verbose_name_plural = _("captured links")
        indexes = [models.Index(fields=["alert", "created_at"], name="evidence_links_by_alert")]

    def __str__(self) -> str:
        return f"link {self.pk}"
