import pytest
from django.core.management.base import CommandError

from relais.schools.models import School
from tests.factories import SchoolFactory
from tests.schools.files import BE_SAMPLE, BOM, FR_SAMPLE, run_import


@pytest.fixture
def existing(db):
    return SchoolFactory(name="Institut Saint-Henri", code="5432")


def test_a_file_without_the_required_columns_fails_clearly_and_changes_nothing(existing, tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_bytes(BOM + b"Ecole;Ville;Courriel\r\nLes Lucioles;Baulon;a@b.fr\r\n")

    with pytest.raises(CommandError, match="no column for official code") as error:
        run_import("fr-annuaire", path)

    assert "Identifiant_de_l_etablissement" in str(error.value)  # says what it looked for
    assert "Columns found: Ecole, Ville, Courriel" in str(error.value)
    assert list(School.objects.all()) == [existing]


def test_a_french_file_given_as_fase_fails_and_changes_nothing(existing):
    with pytest.raises(CommandError, match="This is not a be-fase file"):
        run_import("be-fase", FR_SAMPLE)

    assert list(School.objects.all()) == [existing]


def test_a_file_without_the_name_column_fails(existing, tmp_path):
    path = tmp_path / "codes.csv"
    path.write_text("N° FASE de l'établissement;Réseau\n6;WBE\n", encoding="utf-8")

    with pytest.raises(CommandError, match="no column for name"):
        run_import("be-fase", path)


def test_a_missing_file_fails_clearly(existing, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run_import("be-fase", tmp_path / "absent.csv")


def test_an_empty_file_fails_clearly(existing, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")

    with pytest.raises(CommandError, match="empty"):
        run_import("be-fase", path)


def test_an_unknown_format_is_refused_by_the_command_line(existing):
    with pytest.raises(CommandError, match="invalid choice"):
        run_import("nl-scholen", BE_SAMPLE)
