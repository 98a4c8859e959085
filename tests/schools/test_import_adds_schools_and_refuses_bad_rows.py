from relais.schools.models import School
from tests.schools.files import BE_SAMPLE, FR_SAMPLE, counts, run_import


def test_the_french_sample_adds_its_schools_and_refuses_its_bad_rows(db):
    output = run_import("fr-annuaire", FR_SAMPLE)

    assert counts(output) == {"added": 25, "updated": 0, "unchanged": 0, "refused": 6, "skipped": 2}
    assert School.objects.filter(jurisdiction="fr").count() == 25


def test_a_french_row_becomes_a_school_with_its_academie(db):
    run_import("fr-annuaire", FR_SAMPLE)

    school = School.objects.get(jurisdiction="fr", code="0350122T")
    assert school.name == "Ecole primaire publique les Lucioles"
    assert (school.city, school.postcode, school.address) == ("Baulon", "35580", "6 rue PHILIPPE")
    assert school.kind == "Ecole, Public"
    assert school.authority == "Académie de Rennes"
    assert school.direction_email == "ecole.0350122T@ac-rennes.fr"
    assert school.is_open
    assert "lucioles" in school.search_text


def test_a_school_about_to_close_is_still_open(db):
    run_import("fr-annuaire", FR_SAMPLE)

    # etat "A FERMER": closes at the end of the school year.
    assert School.objects.filter(jurisdiction="fr", is_open=True).count() == 25


def test_offices_of_the_annuaire_are_not_schools(db):
    run_import("fr-annuaire", FR_SAMPLE)

    assert not School.objects.filter(kind__startswith="Service Administratif").exists()


def test_a_multi_site_uai_is_one_school(db):
    run_import("fr-annuaire", FR_SAMPLE)

    school = School.objects.get(jurisdiction="fr", code="0350778F")
    assert school.name == "Lycée Assomption"  # the main site, not the "annexe" row


def test_the_fase_sample_gives_one_school_per_establishment(db):
    output = run_import("be-fase", BE_SAMPLE)

    assert counts(output) == {"added": 8, "updated": 0, "unchanged": 0, "refused": 4, "skipped": 1}
    school = School.objects.get(jurisdiction="be-fwb", code="1331")
    assert school.name == "Ecole fondamentale libre subventionnée du Christ-Roi"
    assert school.city == "Herseaux (Mouscron)"
    assert school.postcode == "7712"
    assert school.kind == "Maternel ordinaire, Primaire ordinaire"
    assert school.authority == "Comité école fondamentale libre du Christ-Roi"
    assert school.direction_email == ""


def test_adult_education_only_establishments_are_skipped(db):
    run_import("be-fase", BE_SAMPLE)

    assert not School.objects.filter(code="1345").exists()
