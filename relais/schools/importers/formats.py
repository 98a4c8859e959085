"""The two open-data formats: which columns mean what, and how one row becomes a school.

Aliases are compared after folding accents, case, spaces, underscores and punctuation and
dropping small words ("de", "l'", "du") and the ways of writing "numéro"
(reading.normalise_header): "Code postal", "Code_postal" and "code_postal" are one name, as are
"Code postal de l'établissement" and "code_postal_etablissement". So a list holds only spellings
that differ after that (tests/schools/test_each_alias_is_a_spelling_of_its_own.py). The first
alias is the one of the sample vintage; the others are those of other vintages and of the sister
datasets (e.g. the ministry's "adresse et géolocalisation des établissements" file).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from relais.schools.models import School, fold

# The UAI (ex-RNE) is 7 digits and a check letter: the number modulo 23 in this alphabet.
UAI_RE = re.compile(r"\d{7}[A-Z]")
UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
FASE_RE = re.compile(r"\d{1,9}")
# A number that went through a spreadsheet or a data frame: "10.0", "7700,0".
WHOLE_FLOAT_RE = re.compile(r"(\d+)[.,]0+")


# Kinds, states, académies repeat on every row: fold each distinct value once.
folded = lru_cache(maxsize=4096)(fold)


class RowError(ValueError):
    """This row is refused; the message says why."""


@dataclass
class Record:
    """What the file says about one school. A field missing from `fields` is left as it is."""

    code: str
    line: int
    fields: dict[str, str | bool] = field(default_factory=dict)
    kinds: list[str] = field(default_factory=list)
    # Why this is not a school a pupil attends (an office, adult or higher education), or "":
    # such establishments are not imported, and the report says why.
    excluded: str = ""
    name: str = ""


@dataclass(frozen=True)
class Format:
    name: str
    jurisdiction: str
    aliases: dict[str, tuple[str, ...]]
    build: Callable[[dict[str, str]], Record]
    merge: Callable[[Record, Record], Record]
    sort_kinds: bool = False
    required: tuple[str, ...] = ("code", "name")


def max_length(field_name: str) -> int:
    return getattr(School._meta.get_field(field_name), "max_length", None) or 100_000


def limit(field_name: str, value: str) -> str:
    return value[: max_length(field_name)].strip()


def required_name(values: dict[str, str]) -> str:
    name = values.get("name", "")
    if not name:
        raise RowError(_("the name is missing"))
    if len(name) > max_length("name"):
        raise RowError(_("the name is too long"))
    return name


def email_or_none(value: str | None) -> str | None:
    """A blank cell never erases an address someone entered by hand: None means "keep"."""
    if not value:
        return None
    try:
        validate_email(value)
    except ValidationError:
        raise RowError(_("invalid e-mail address %(value)r") % {"value": value}) from None
    return value


def nice_case(text: str) -> str:
    """ "BRAINE-L'ALLEUD" -> "Braine-L'Alleud"; text already in mixed case is kept."""
    return text.title() if text.isupper() else text


def set_if(fields: dict[str, str | bool], name: str, value: str | bool | None) -> None:
    if value is None:
        return
    fields[name] = limit(name, value) if isinstance(value, str) else value


def whole_number(value: str) -> str:
    """ "10.0" -> "10": a code or postcode that a spreadsheet turned into a float."""
    match = WHOLE_FLOAT_RE.fullmatch(value)
    return match.group(1) if match else value


def adult_education(where: str) -> str:
    return _("adult education (%(where)s)") % {"where": where}


def higher_education() -> str:
    return _("higher education")


def office() -> str:
    return _("an office, not a school")


# --- France: annuaire de l'éducation -------------------------------------------------------

FR_ALIASES: dict[str, tuple[str, ...]] = {
    "code": (
        "Identifiant_de_l_etablissement",
        "numero_uai",
        "UAI",
        "code_uai",
        "uai_etablissement",
        "numero_rne",
        "code_rne",
        "RNE",
    ),
    "name": ("Nom_etablissement", "appellation_officielle", "nom"),
    "type": ("Type_etablissement", "type"),
    "nature": ("libelle_nature", "nature_uai_libe", "libelle_nature_uai"),
    "status": ("Statut_public_prive", "secteur_public_prive_libe", "secteur_public_prive"),
    "address1": ("Adresse_1", "adresse_uai", "adresse"),
    "address2": ("Adresse_2", "lieu_dit_uai"),
    "postcode": ("Code postal", "code_postal_uai", "cp"),
    "city": ("Nom_commune", "libelle_commune", "commune", "localite_acheminement_uai"),
    "email": ("Mail", "mel", "email", "courriel", "adresse_mail", "adresse_electronique"),
    "academie": ("Libelle_academie", "nom_academie", "academie"),
    "state": ("etat", "etat_etablissement_libe", "etat_etablissement"),
}
# Annuaire rows that are offices, not schools a pupil attends.
FR_NOT_SCHOOLS = {"service administratif", "information et orientation"}
# Types that are schools whatever their name or nature says.
FR_SCHOOL_TYPES = {"ecole", "college", "lycee", "erea"}
# Adult education: the GRETA (the ministry's continuing education, "Gretay" is a place name),
# the CFPPA (agricultural adult training), "formation continue" or "d'adultes"; read in the
# nature and the name, folded. A lycée that hosts a GRETA (column GRETA = 1) stays a lycée.
FR_ADULT_RE = re.compile(
    r"\bgreta\b|\bcfppa\b|promotion agricole|formation continue|formation (?:d|des) adultes"
)
# Private post-baccalauréat schools (BTS, classes préparatoires only): students, not pupils.
FR_HIGHER_NATURES = {"ecoles composees uniqt de sts et ou cpge"}
# etat / etat_etablissement(_libe): 1 OUVERT, 2 A FERMER (open this year), 3 A OUVRIR, 4 FERME.
FR_OPEN = {"ouvert": True, "a fermer": True, "a ouvrir": False, "ferme": False}
FR_OPEN.update({"1": True, "2": True, "3": False, "4": False})


def uai(value: str) -> str:
    code = value.replace(" ", "").upper()
    if not code:
        raise RowError(_("the UAI is missing"))
    if not UAI_RE.fullmatch(code):
        raise RowError(_("invalid UAI %(code)r (7 digits and a letter)") % {"code": value})
    if UAI_LETTERS[int(code[:7]) % 23] != code[7]:
        raise RowError(_("invalid UAI %(code)r (wrong check letter)") % {"code": value})
    return code


def academie(label: str) -> str | None:
    if not label:
        return None
    if folded(label).startswith(("academie", "rectorat")):
        return label
    article = "d'" if folded(label)[:1] in "aeiouy" else "de "
    return f"Académie {article}{label}"


def fr_exclusion(kind: str, nature: str, name: str) -> str:
    kind, nature = folded(kind), folded(nature)
    if kind in FR_NOT_SCHOOLS:
        return office()
    if kind in FR_SCHOOL_TYPES:
        return ""
    if nature in FR_HIGHER_NATURES:
        return higher_education()
    if FR_ADULT_RE.search(f"{nature} {fold(name)}"):
        return adult_education(_("GRETA, continuing education"))
    return ""


def build_fr(values: dict[str, str]) -> Record:
    record = Record(code=uai(values.get("code", "")), line=0)
    name = required_name(values)
    fields = record.fields
    fields["name"] = name
    record.name = name
    kind = values.get("type") or values.get("nature", "").capitalize()
    record.kinds = [part for part in (kind, values.get("status", "")) if part]
    record.excluded = fr_exclusion(values.get("type", ""), values.get("nature", ""), name)
    address = ", ".join(v for v in (values.get("address1"), values.get("address2")) if v)
    set_if(fields, "address", address if "address1" in values else None)
    set_if(fields, "postcode", values.get("postcode"))
    set_if(fields, "city", values.get("city"))
    set_if(fields, "direction_email", email_or_none(values.get("email")))
    set_if(fields, "authority", academie(values.get("academie", "")))
    set_if(fields, "is_open", FR_OPEN.get(folded(values.get("state", ""))))
    return record


def merge_fr(kept: Record, other: Record) -> Record:
    """A multi-site establishment has one row per site under the same UAI: keep the main site."""
    if "annexe" in fold(str(kept.fields["name"])) and "annexe" not in fold(
        str(other.fields["name"])
    ):
        return other
    return kept


FR_ANNUAIRE = Format(
    name="fr-annuaire",
    jurisdiction="fr",  # the code of its pack (relais/jurisdictions/packs/fr)
    aliases=FR_ALIASES,
    build=build_fr,
    merge=merge_fr,
)

# --- Wallonia-Brussels Federation: signalétique FASE --------------------------------------

BE_ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("N° FASE de l'établissement", "FASE établissement", "N° FASE", "FASE", "code_fase"),
    "name": ("Nom de l'établissement", "Dénomination de l'établissement", "Dénomination", "Nom"),
    "type": ("Type d'enseignement", "Type"),
    "address": ("Adresse de l'établissement", "Adresse"),
    "postcode": ("Code postal de l'établissement", "Code postal", "CP"),
    "locality": ("Localité de l'établissement", "Localité"),
    "commune": ("Commune de l'établissement", "Commune"),
    "email": (
        "Courriel de l'établissement",
        "E-mail de l'établissement",
        "Adresse e-mail de l'établissement",
        "Adresse électronique de l'établissement",
        "Courriel",
        "E-mail",
        "Mail",
    ),
    "po_name": ("Nom de P.O.", "Nom du pouvoir organisateur", "Pouvoir organisateur"),
    "po_email": ("Courriel du P.O.", "E-mail du P.O.", "Courriel du pouvoir organisateur"),
    "network": ("Réseau", "Réseau d'enseignement"),
}


BE_HIGHER_TYPES = {"haute ecole", "universite", "ecole superieure des arts"}
# When a file has no "Type d'enseignement" column (a re-export), adult education is told by its
# name: every establishment of promotion sociale in the 2025 FASE list says so in its name
# ("... de promotion sociale", "Etablissement d'Enseignement pour Adultes et de Formation
# Continue", "EPFC", "Cours du soir"), and no other establishment's name does.
BE_ADULT_NAME_RE = re.compile(
    r"promotion sociale|pour adultes|formation continuee?\b|cours du soir"
    r"|\b(?:eps|ieps|iepscf|epfc|eafc)\b"
)


def be_exclusion(kind: str, name: str) -> str:
    """Higher and adult education: not where the pupils Relais serves are."""
    kind = folded(kind)
    if kind.startswith("promotion sociale"):
        return adult_education(_("promotion sociale"))
    if kind in BE_HIGHER_TYPES:
        return higher_education()
    if not kind and BE_ADULT_NAME_RE.search(fold(name)):
        return adult_education(_("promotion sociale"))
    return ""


def fase(value: str) -> str:
    code = whole_number(value.replace(" ", ""))
    if not code:
        raise RowError(_("the FASE number is missing"))
    if not FASE_RE.fullmatch(code):
        raise RowError(_("invalid FASE number %(code)r (digits only)") % {"code": value})
    return str(int(code))  # "0123" and "123" are one establishment


def be_city(locality: str, commune: str) -> str:
    """The village people know ("Dottignies") with its commune ("Mouscron")."""
    if locality and commune and fold(locality) != fold(commune):
        return f"{nice_case(locality)} ({commune})"
    return commune or nice_case(locality)


def build_be(values: dict[str, str]) -> Record:
    record = Record(code=fase(values.get("code", "")), line=0)
    fields = record.fields
    fields["name"] = record.name = required_name(values)
    kind = values.get("type", "")
    record.excluded = be_exclusion(kind, record.name)
    record.kinds = [kind] if kind and not record.excluded else []
    set_if(fields, "address", values.get("address"))
    postcode = values.get("postcode")
    set_if(fields, "postcode", whole_number(postcode) if postcode is not None else None)
    if "locality" in values or "commune" in values:
        set_if(fields, "city", be_city(values.get("locality", ""), values.get("commune", "")))
    set_if(fields, "direction_email", email_or_none(values.get("email")))
    if "po_name" in values or "network" in values:
        set_if(fields, "authority", values.get("po_name") or values.get("network", ""))
    set_if(fields, "authority_email", email_or_none(values.get("po_email")))
    return record


def merge_be(kept: Record, other: Record) -> Record:
    """One row per establishment x site x kind of teaching: gather the kinds."""
    kept.kinds.extend(kind for kind in other.kinds if kind not in kept.kinds)
    # Excluded only when every row is: a school with an adult section is still a school.
    kept.excluded = kept.excluded if other.excluded else ""
    return kept


BE_FASE = Format(
    name="be-fase",
    jurisdiction="be-fwb",  # the code of its pack
    aliases=BE_ALIASES,
    build=build_be,
    merge=merge_be,
    sort_kinds=True,
)

FORMATS: dict[str, Format] = {f.name: f for f in (FR_ANNUAIRE, BE_FASE)}
