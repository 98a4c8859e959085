"""Documents: the law cited in letters (data an administrator corrects), and every generated PDF.

A generated PDF is sealed in the vault's storage exactly like an evidence blob (its own data key,
wrapped by the installation key; relais.evidence.crypto), so the Sealed fields are reused.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from relais.evidence.models import Sealed
from relais.jurisdictions.packs import jurisdiction_choices
from relais.lib.models import BaseModel
from relais.proofs.models import proof_entry_field

# A penalty written into the rule's text would reach the "reminder of the law", which never
# states penalties: a sum of money or a prison term belongs in the penalty field.
PENALTY_WORDS = re.compile(
    r"€|\beuros?\b|emprisonnement|\bprison\b|réclusion|\bamende|\d+\s*(ans|mois|jours)\b",
    re.IGNORECASE,
)


class LetterKind(models.TextChoices):
    DOSSIER = "dossier", _("evidence dossier")
    MEETING_REPORT = "meeting_report", _("report of the meeting with the head of school")
    REGISTERED_LETTER = "registered_letter", _("registered letter to the head of school")
    AUTHORITY_LETTER = "authority_letter", _("letter to the education authority")
    LAW_REMINDER = "law_reminder", _("reminder of the law to the person responsible")
    PARENTS_LEAFLET = "parents_leaflet", _("information leaflet for the victim's parents")
    POLICE_SUMMARY = "police_summary", _("summary for a police complaint")


LETTER_KINDS = [kind for kind in LetterKind.values if kind != LetterKind.DOSSIER]
# What may cite a legal reference: the letters, and the notice to the school (relais/notices),
# which reads the same corrected rows.
NOTICE = "notice"
CITING_KINDS = [NOTICE, *LETTER_KINDS]


class LegalReference(BaseModel):
    """One article or circular cited in letters. Shipped in data/legal_references.yaml and
    corrected by administrators in the admin; letters read it from here each time."""

    jurisdiction = models.CharField(_("jurisdiction"), max_length=8, choices=jurisdiction_choices)
    key = models.SlugField(
        _("key"), max_length=60, help_text=_("A stable name, e.g. cp-222-33-2-3.")
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(
        _("what the rule says"),
        help_text=_("Plain words, no penalty: penalties go in the next field."),
    )
    penalty = models.TextField(_("penalty"), blank=True)
    source = models.CharField(_("source"), max_length=300)
    effective_from = models.DateField(_("in force since"))
    verify = models.BooleanField(
        _("to verify"),
        default=False,
        help_text=_("The source was secondary or the law changed recently: check it."),
    )
    letters = models.JSONField(
        _("cited in"),
        default=list,
        blank=True,
        help_text=_('The letter kinds that cite it, e.g. ["registered_letter", "law_reminder"].'),
    )
    categories = models.JSONField(
        _("for the categories"),
        default=list,
        blank=True,
        help_text=_(
            'Cited only for alerts with one of these categories, e.g. ["menace"]; '
            "empty: cited whatever the categories."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("legal reference")
        verbose_name_plural = _("legal references")
        ordering = ["jurisdiction", "order", "key"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "key"], name="legal_reference_key")
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction}: {self.title}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if PENALTY_WORDS.search(self.text):
            errors["text"] = str(
                _("Write the penalty in the penalty field: this text is also sent to minors.")
            )
        unknown = [kind for kind in self.letters or [] if kind not in CITING_KINDS]
        if not isinstance(self.letters, list) or unknown:
            errors["letters"] = str(_("Use a list of letter kinds: %(kinds)s.")) % {
                "kinds": ", ".join(CITING_KINDS)
            }
        from relais.alerts.models import Category

        wrong = [c for c in self.categories or [] if c not in Category.values]
        if not isinstance(self.categories, list) or wrong:
            errors["categories"] = str(_("Use a list of categories: %(categories)s.")) % {
                "categories": ", ".join(Category.values)
            }
        if errors:
            raise ValidationError(errors)


class GeneratedDocument(BaseModel, Sealed):
    """A PDF generated for an alert (dossier or letter), sealed in the vault's storage."""

    class Author(models.TextChoices):
        REPORTER = "reporter", _("reporter")
        STAFF = "staff", _("staff")

    alert = models.ForeignKey(
        "alerts.Alert", verbose_name=_("alert"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=LetterKind.choices)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=8, choices=jurisdiction_choices)
    made_by = models.CharField(_("made by"), max_length=16, choices=Author.choices)
    staff_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Only the choices that shape the document (embed originals, how many items): what the
    # family typed (names, addresses) lives in the sealed PDF alone.
    options = models.JSONField(_("options"), default=dict, blank=True)
    # A keyed digest of the dossier's inputs (dossier.fingerprint): the same inputs serve this
    # document again instead of sealing another. Empty for letters.
    fingerprint = models.CharField(
        _("fingerprint of the inputs"), max_length=64, blank=True, default="", editable=False
    )
    proof_entry = proof_entry_field()

    class Meta:
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")
        indexes = [models.Index(fields=["alert", "-created_at"], name="documents_by_alert")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sha256[:12]}"

    def filename(self) -> str:
        """A neutral name, for a shared phone's downloads folder: the day it was made, never
        its kind ("police"), "relais" or a person's name; and its number among the alert's
        documents, so that two made the same day do not take each other's name."""
        number = GeneratedDocument.objects.filter(
            alert_id=self.alert_id, created_at__lte=self.created_at
        ).count()
        return f"document-{timezone.localdate(self.created_at):%Y-%m-%d}-{number}.pdf"
