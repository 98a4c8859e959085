from relais.schools.models import School
from tests.schools.files import BE_SAMPLE, BOM, FR_SAMPLE, counts, rewrite, run_import, snapshot


def test_the_double_byte_order_mark_is_not_part_of_the_first_column(db):
    assert BE_SAMPLE.read_bytes().startswith(BOM + BOM)

    result = counts(run_import("be-fase", BE_SAMPLE))

    # The first column is the FASE number: found, so every good row is read.
    assert result["added"] == 8
    assert School.objects.filter(code="6", jurisdiction="be-fwb").exists()


def test_any_number_of_byte_order_marks_is_dropped(db, tmp_path):
    result = counts(run_import("fr-annuaire", rewrite(FR_SAMPLE, tmp_path / "b.csv", boms=3)))

    assert result["added"] == 25


def test_a_line_in_windows_1252_reads_as_the_right_letters(db):
    output = run_import("fr-annuaire", FR_SAMPLE)
    run_import("be-fase", BE_SAMPLE)

    assert "read as Windows-1252 (lines 35)" in output
    assert School.objects.get(code="0359003W").name == "École privée Sainte-Thérèse"
    nechin = School.objects.get(code="99990")
    assert (nechin.name, nechin.city) == ("École communale de Néchin", "Néchin (Estaimpuis)")


def test_a_whole_file_in_windows_1252_gives_the_same_schools(db, tmp_path):
    run_import("fr-annuaire", FR_SAMPLE)
    expected = snapshot("fr")
    School.objects.all().delete()
    legacy = rewrite(FR_SAMPLE, tmp_path / "cp1252.csv", encoding="cp1252")

    run_import("fr-annuaire", legacy)

    assert snapshot("fr") == expected
