"""Column names change between yearly vintages; the importer finds them by aliases."""

from relais.schools.models import School
from tests.schools.files import BE_SAMPLE, FR_SAMPLE, counts, rewrite, run_import, snapshot

FR_2026_NAMES = {
    "Identifiant_de_l_etablissement": "numero_uai",
    "Nom_etablissement": "appellation_officielle",
    "Code postal": "Code_postal",
    "Nom_commune": "libelle_commune",
    "Mail": "mail",
    "Libelle_academie": "libelle_academie",
    "etat": "etat_etablissement_libe",
    "Statut_public_prive": "secteur_public_prive_libe",
}
BE_OTHER_NAMES = {
    "N° FASE de l'établissement": "Numéro FASE établissement",
    "Nom de l'établissement": "NOM_ETABLISSEMENT",
    "Nom de P.O.": "Nom du pouvoir organisateur",
    "Code postal de l'établissement": "code_postal_etablissement",
    "Localité de l'établissement": "localite_etablissement",
}


def imported(fmt: str, path, jurisdiction: str) -> tuple[dict, dict]:
    result = counts(run_import(fmt, path))
    schools = snapshot(jurisdiction)
    School.objects.all().delete()
    return result, schools


def test_renamed_and_reordered_french_columns_give_the_same_schools(db, tmp_path):
    original = imported("fr-annuaire", FR_SAMPLE, "fr")
    vintage = rewrite(FR_SAMPLE, tmp_path / "2026.csv", rename=FR_2026_NAMES, reverse_columns=True)

    assert imported("fr-annuaire", vintage, "fr") == original


def test_renamed_and_reordered_fase_columns_give_the_same_schools(db, tmp_path):
    original = imported("be-fase", BE_SAMPLE, "be-fwb")
    vintage = rewrite(
        BE_SAMPLE, tmp_path / "other.csv", rename=BE_OTHER_NAMES, reverse_columns=True
    )

    assert imported("be-fase", vintage, "be-fwb") == original


def test_a_comma_separated_copy_gives_the_same_schools(db, tmp_path):
    original = imported("fr-annuaire", FR_SAMPLE, "fr")
    commas = rewrite(FR_SAMPLE, tmp_path / "commas.csv", delimiter=",")

    assert imported("fr-annuaire", commas, "fr") == original
