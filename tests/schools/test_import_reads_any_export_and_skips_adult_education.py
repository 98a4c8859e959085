"""Directories as other tools save them (UTF-16, re-exports with floats), and establishments for
adults, which are skipped with a reason."""

from __future__ import annotations

import csv
import io

import pytest

from relais.schools.models import School
from relais.schools.search import search_schools
from tests.schools.files import BE_SAMPLE, DATA, counts, rewrite, run_import, snapshot

UTF16 = DATA / "be-fase-sample-utf16.csv"
REEXPORT = DATA / "be-fwb-reexport.csv"
FR_ADULTS = DATA / "fr-annuaire-adults.csv"

pytestmark = pytest.mark.django_db


def the_sample() -> dict[str, dict]:
    run_import("be-fase", BE_SAMPLE)
    expected = snapshot("be-fwb")
    School.objects.all().delete()
    return expected


def test_a_utf16_file_from_a_spreadsheet_gives_the_same_schools():
    expected = the_sample()
    assert UTF16.read_bytes()[:2] == b"\xff\xfe"

    result = counts(run_import("be-fase", UTF16))

    assert result == {"added": 8, "updated": 0, "unchanged": 0, "refused": 4, "skipped": 1}
    assert snapshot("be-fwb") == expected


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-16-be", b"\xfe\xff"), ("utf-16-be", b""), ("utf-16-le", b""), ("utf-8", b"")],
)
def test_utf16_in_either_byte_order_with_or_without_a_mark(tmp_path, encoding, bom):
    expected = the_sample()
    target = rewrite(BE_SAMPLE, tmp_path / "b.csv", encoding=encoding, delimiter=",")
    target.write_bytes(bom + target.read_bytes())

    result = counts(run_import("be-fase", target))

    assert (result["added"], result["refused"], result["skipped"]) == (8, 4, 1)
    assert snapshot("be-fwb") == expected


def test_a_file_in_latin_1_with_tabs_gives_the_same_schools(tmp_path):
    expected = the_sample()
    target = rewrite(BE_SAMPLE, tmp_path / "l.csv", encoding="latin-1", delimiter="\t")

    assert counts(run_import("be-fase", target))["added"] == 8
    assert snapshot("be-fwb") == expected


def test_a_re_exported_list_is_imported_with_its_floats_and_commas():
    output = run_import("be-fase", REEXPORT)

    assert counts(output) == {"added": 10, "updated": 0, "unchanged": 0, "refused": 2, "skipped": 6}
    athenee = School.objects.get(code="95264")
    assert athenee.name == "ATHENEE ROYAL THOMAS EDISON MOUSCRON"
    assert (athenee.postcode, athenee.city) == ("7700", "Mouscron")
    assert "refused line 21: invalid FASE number '12.5'" in output
    assert "refused line 22: invalid FASE number '1.0e3'" in output


def test_adult_and_higher_education_are_skipped_with_their_reason():
    output = run_import("be-fase", REEXPORT)

    assert "skipped: 4 adult education (promotion sociale)" in output
    assert "skipped: 2 higher education" in output
    assert "skipped line 2 (987 Cours professionnels pour adultes): adult education" in output
    skipped = {"987", "1345", "3233", "1313", "5220", "5223"}
    assert not School.objects.filter(code__in=skipped).exists()
    # The adult branch of "Institut Saint-Henri" is not offered to a pupil who looks for it.
    found = search_schools("st henri mouscron")
    assert found is not None
    assert [school.code for school in found.schools] == ["95332"]


def test_adult_education_is_recognised_by_its_name_when_the_file_has_no_type():
    source = list(csv.reader(io.StringIO(REEXPORT.read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out).writerows([row[:2] + row[3:] for row in source])
    target = REEXPORT.with_name("no-type.csv")
    try:
        target.write_text(out.getvalue(), encoding="utf-8")
        result = counts(run_import("be-fase", target))
    finally:
        target.unlink()

    # The universities cannot be told by name ("Université Saint-Louis" could be a school's
    # name); every adult establishment can.
    assert (result["added"], result["skipped"]) == (12, 4)
    assert not School.objects.filter(code__in={"987", "1345", "3233", "1313"}).exists()


def test_french_adult_and_post_baccalaureate_only_establishments_are_skipped():
    output = run_import("fr-annuaire", FR_ADULTS)

    assert counts(output)["added"] == 3
    assert counts(output)["skipped"] == 5
    kept = set(School.objects.values_list("name", flat=True))
    # "Gretay" is not GRETA; a lycée that hosts a GRETA is still a lycée.
    assert kept == {
        "Ecole élémentaire publique le Gretay",
        "Ecole maternelle publique le Gretay",
        "Lycée Bertrand d'Argentré",
    }
    assert "skipped: 3 adult education (GRETA, continuing education)" in output
    assert "skipped: 2 higher education" in output


@pytest.mark.parametrize(
    "header",
    [
        "N° FASE d'établissement",
        "Numéro FASE d'établissement",
        "ndeg_fase_de_l_etablissement",
        "N°FASE établissement",
    ],
)
def test_the_usual_spellings_of_the_columns_are_understood(tmp_path, header):
    target = rewrite(
        BE_SAMPLE,
        tmp_path / "r.csv",
        rename={
            "N° FASE de l'établissement": header,
            "Nom de l'établissement": "nom_d_etablissement",
            "Commune de l'établissement": "Commune d\u2019établissement",
        },
    )

    assert counts(run_import("be-fase", target))["added"] == 8
    assert School.objects.get(code="1336").city == "Dottignies (Mouscron)"
