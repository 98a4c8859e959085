from relais.schools.models import School
from tests.schools.files import BE_SAMPLE, FR_SAMPLE, counts, rewrite, run_import


def test_a_school_changed_in_the_database_is_updated_back(db):
    run_import("fr-annuaire", FR_SAMPLE)
    School.objects.filter(code="0350165P").update(name="Renamed by hand")

    again = counts(run_import("fr-annuaire", FR_SAMPLE))

    assert (again["added"], again["updated"], again["unchanged"]) == (0, 1, 24)
    school = School.objects.get(code="0350165P")
    assert school.name == "Ecole élémentaire publique de Cardroc"
    assert "cardroc" in school.search_text


def test_a_field_changed_in_a_new_vintage_counts_as_one_update(db, tmp_path):
    run_import("fr-annuaire", FR_SAMPLE)
    newer = rewrite(
        FR_SAMPLE,
        tmp_path / "newer.csv",
        change={
            ("0350192U", "Mail"): "direction.chavagne@ac-rennes.fr",
            ("0350196Y", "etat"): "FERME",
        },
    )

    again = counts(run_import("fr-annuaire", newer))

    assert (again["added"], again["updated"], again["unchanged"]) == (0, 2, 23)
    assert School.objects.get(code="0350192U").direction_email == "direction.chavagne@ac-rennes.fr"
    assert School.objects.get(code="0350196Y").is_open is False


def test_a_column_the_file_lacks_leaves_the_field_as_it_is(db):
    # The FASE list has no e-mail column: an address entered by hand survives the next import.
    run_import("be-fase", BE_SAMPLE)
    School.objects.filter(code="1320").update(direction_email="direction@ecole.example")

    again = counts(run_import("be-fase", BE_SAMPLE))

    assert again["updated"] == 0
    assert School.objects.get(code="1320").direction_email == "direction@ecole.example"


def test_a_blank_email_cell_does_not_erase_an_address(db, tmp_path):
    run_import("fr-annuaire", FR_SAMPLE)
    blank = rewrite(FR_SAMPLE, tmp_path / "blank.csv", change={("0350122T", "Mail"): ""})

    again = counts(run_import("fr-annuaire", blank))

    assert again["updated"] == 0
    assert School.objects.get(code="0350122T").direction_email == "ecole.0350122T@ac-rennes.fr"
