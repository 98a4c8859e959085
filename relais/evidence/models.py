"""The evidence vault's tables. Blobs live in storage (alias "evidence"), sealed; rows hold what
is needed to open them (a wrapped data key and its installation key id) and to show them.

What was read from the items (chat messages, the text of images, captured links, who is who)
is the timeline's (relais.timeline.models)."""

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
