"""The proof log's tables. Entries hold digests and times only: no personal data.

ProofEntry is written in the event's own transaction (one INSERT, no lock), with the time by which
the log promises to hold it in a signed tree head (merge_by); the signer later gives it a leaf
index and folds it into the tree. TreeNode holds every complete subtree of level
1 and above (leaves are the entries' leaf hashes), so that proofs read O(log n) rows. An entry's
`alert` column, which is not part of the log, tells which alert it concerns, so the mailbox can
list receipts.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from relais.proofs.kinds import ProofKind


class ProofEntry(models.Model):
    id = models.BigAutoField(primary_key=True)
    leaf_index = models.BigIntegerField(_("leaf index"), null=True, blank=True, unique=True)
    # Signed into the entry's leaf bytes: a value never changes (kinds.py).
    kind = models.CharField(_("kind"), max_length=64, choices=ProofKind.choices)
    digest = models.CharField(_("digest"), max_length=64)
    # The owner of the event keeps what it covered; with this salt they can show that the digest
    # is theirs. Without it, the digest tells nothing, not even a guessed content.
    salt = models.BinaryField(_("salt"), max_length=32)
    recorded_at = models.DateTimeField(_("recorded at"))
    leaf_hash = models.BinaryField(_("leaf hash"), max_length=32)
    # Stored, not derived from the delay setting: a promise given stays the promise given.
    merge_by = models.DateTimeField(_("merge by"))
    # Which alert the entry concerns, for the reporter's mailbox. Not part of the log: it is in
    # no leaf, no signature and no public answer (docs/privacy.md). On this row rather than in a
    # table of its own, so that an append is one INSERT (docs/proofs.md, the log's cost). When
    # the alert is deleted the entry stays, as the log must, and forgets it.
    alert = models.ForeignKey(
        "alerts.Alert",
        verbose_name=_("alert"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proof_entries",
        db_index=True,
    )

    class Meta:
        verbose_name = _("proof entry")
        verbose_name_plural = _("proof entries")
        indexes = [
            # The signer's query, nearest promise first, and `relais proofs check`'s.
            models.Index(
                fields=["merge_by", "id"],
                condition=models.Q(leaf_index__isnull=True),
                name="proofs_unmerged",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.digest[:12]}"


class TreeNode(models.Model):
    """A complete subtree: key = level * 2**48 + index, so a proof is one `id IN (...)` query."""

    id = models.BigIntegerField(primary_key=True)
    hash = models.BinaryField(_("hash"), max_length=32)

    class Meta:
        verbose_name = _("tree node")
        verbose_name_plural = _("tree nodes")

    def __str__(self) -> str:
        return f"node {self.id}"


class TreeHead(models.Model):
    tree_size = models.BigIntegerField(_("tree size"), unique=True)
    root_hash = models.CharField(_("root hash"), max_length=64)
    timestamp = models.DateTimeField(_("timestamp"))
    key_id = models.CharField(_("key id"), max_length=16)
    signature = models.CharField(_("signature"), max_length=100)
    # The key that signed this head, kept with it so that receipts stay checkable after a key
    # change; key_id is derived from it.
    public_key = models.TextField(_("public key"))
    timestamp_token = models.TextField(_("time-stamp token"), blank=True, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("tree head")
        verbose_name_plural = _("tree heads")
        indexes = [
            models.Index(
                fields=["-tree_size"],
                condition=models.Q(timestamp_token=""),
                name="proofs_head_unstamped",
            ),
            # A receipt's head: the earliest stamped one that covers the entry.
            models.Index(
                fields=["tree_size"],
                condition=~models.Q(timestamp_token=""),
                name="proofs_head_stamped",
            ),
        ]

    def __str__(self) -> str:
        return f"tree head {self.tree_size}"


class LogState(models.Model):
    """The single row the sequencer locks: one sequencer at a time, appends never wait on it."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    tree_size = models.BigIntegerField(_("tree size"), default=0)
    # The roots of the complete subtrees of [0, tree_size), largest first, 32 bytes each: the
    # sequencer folds new leaves into them without reading the tree back.
    frontier = models.BinaryField(_("frontier"), default=b"")
    signed_size = models.BigIntegerField(_("last signed size"), default=-1)

    class Meta:
        verbose_name = _("log state")
        verbose_name_plural = _("log states")

    def __str__(self) -> str:
        return f"log of {self.tree_size}"


def proof_entry_field() -> models.OneToOneField:
    """The link from a sealed object (evidence item, captured link, document) to its entry in the
    log. Kept on the object's side, so that the log itself stays free of content."""
    return models.OneToOneField(
        "proofs.ProofEntry",
        verbose_name=_("proof entry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
