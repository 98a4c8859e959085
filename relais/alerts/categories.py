"""The one list of alert categories. Everything that names a category reads it from here: the
alert forms and the API schema (the choices), the notice to the school (its French words, with
the article that follows "une situation"), the legal references' `categories` (validated
against it), the redaction check's words that are not names, and the translations (the labels
below are gettext strings).

Adding a category: one entry in Category and one in FRENCH_WORDS, a translation of its label
(scripts/translate.py), and the legal references that qualify it (legal_references.yaml). The
test tests/alerts/test_one_category_list.py checks that nothing is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    HARCELEMENT = "harcelement", _("bullying")
    HUMILIATION = "humiliation", _("humiliation")
    INTIMIDATION = "intimidation", _("intimidation")
    MENACE = "menace", _("threats")
    AGRESSION = "agression", _("physical aggression")
    CHANTAGE = "chantage", _("blackmail")
    CYBERHARCELEMENT = "cyberharcelement", _("online bullying")
    IMAGES_INTIMES = "images_intimes", _("sharing of intimate images")
    ATTEINTE_MINEUR = "atteinte_mineur", _("harm to a minor")
    AUTRE = "autre", _("something else")


@dataclass(frozen=True)
class CategoryWords:
    label: str  # "humiliations": for a subject or a list
    of: str  # "d'humiliations": after "une situation", with its elided article
    fact: str  # "humiliation": after "des faits de" in letters and the dossier


# The words of the school-facing texts, in French whatever the interface language: notices
# (relais/notices/texts.py) and letters (relais/documents/services.py) are documents addressed to
# a direction or an authority.
FRENCH_WORDS: dict[str, CategoryWords] = {
    Category.HARCELEMENT: CategoryWords("harcèlement", "de harcèlement", "harcèlement"),
    Category.HUMILIATION: CategoryWords("humiliations", "d'humiliations", "humiliation"),
    Category.INTIMIDATION: CategoryWords("intimidation", "d'intimidation", "intimidation"),
    Category.MENACE: CategoryWords("menaces", "de menaces", "menaces"),
    Category.AGRESSION: CategoryWords(
        "agressions physiques", "d'agressions physiques", "agression physique"
    ),
    Category.CHANTAGE: CategoryWords("chantage", "de chantage", "chantage"),
    Category.CYBERHARCELEMENT: CategoryWords(
        "cyberharcèlement", "de cyberharcèlement", "cyberharcèlement"
    ),
    Category.IMAGES_INTIMES: CategoryWords(
        "diffusion d'images intimes", "de diffusion d'images intimes", "diffusion d'images intimes"
    ),
    Category.ATTEINTE_MINEUR: CategoryWords(
        "atteinte à un mineur", "d'atteinte à un mineur", "atteinte à un mineur"
    ),
    # "Des faits de harcèlement": letters have always named "something else" so, the wording
    # being the case worker's to adjust in the letter's form.
    Category.AUTRE: CategoryWords("autres faits", "de faits d'une autre nature", "harcèlement"),
}


def french_words() -> str:
    """Every French word of every category, one string: the redaction check never takes them
    for names (relais/notices/not_names.py)."""
    return " ".join(f"{w.label} {w.of} {w.fact}" for w in FRENCH_WORDS.values())
