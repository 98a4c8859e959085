"""Headers are compared after normalise_header (accents, case, punctuation and small words such as
"de" and "l'" dropped), so a format lists only the spellings it cannot reach otherwise: an alias
that normalises like an earlier one is noise, and lengthens the "one of: ..." of the error that
names a missing column. The spellings the lists used to carry are still found."""

from __future__ import annotations

import pytest

from relais.schools.importers.formats import FORMATS
from relais.schools.importers.reading import map_columns, normalise_header


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_no_alias_normalises_like_another_of_its_field(name):
    repeated = {
        (field, alias)
        for field, aliases in FORMATS[name].aliases.items()
        for index, alias in enumerate(aliases)
        if normalise_header(alias) in {normalise_header(a) for a in aliases[:index]}
    }

    assert repeated == set()


@pytest.mark.parametrize(
    ("name", "header", "field"),
    [
        ("fr-annuaire", "identifiant_etablissement", "code"),
        ("fr-annuaire", "nom_de_l_etablissement", "name"),
        ("fr-annuaire", "type_d_etablissement", "type"),
        ("fr-annuaire", "e_mail", "email"),
        ("be-fase", "N° FASE établissement", "code"),
        ("be-fase", "Numéro FASE de l'établissement", "code"),
        ("be-fase", "Numéro FASE établissement", "code"),
        ("be-fase", "fase_etablissement", "code"),
        ("be-fase", "Numéro FASE", "code"),
        ("be-fase", "Nom établissement", "name"),
        ("be-fase", "type_enseignement", "type"),
        ("be-fase", "adresse_etablissement", "address"),
        ("be-fase", "code_postal_etablissement", "postcode"),
        ("be-fase", "localite_etablissement", "locality"),
        ("be-fase", "commune_etablissement", "commune"),
        ("be-fase", "Email", "email"),
        ("be-fase", "Nom du P.O.", "po_name"),
        ("be-fase", "nom_po", "po_name"),
        ("be-fase", "reseau_enseignement", "network"),
    ],
)
def test_a_spelling_the_normalisation_covers_is_still_found(name, header, field):
    assert map_columns([header], FORMATS[name].aliases) == {field: 0}
