import pytest
from django.utils import translation

from relais.directory.models import Service
from relais.directory.services import DirectoryFileError, load_directory_file

GOOD = """
area: Mouscron
jurisdiction: be-fwb
services:
  - {name: La Passerelle, kind: psychological, phone: 056/34 60 83}
  - {name: Le Déclic, kind: youth, phone: 0470/62 24 38}
"""


def test_loading_a_directory_file_again_updates_only_what_changed(db, tmp_path):
    path = tmp_path / "directory.yaml"
    path.write_text(GOOD, encoding="utf-8")
    load_directory_file(path=path)
    path.write_text(GOOD.replace("056/34 60 83", "056/34 60 84"), encoding="utf-8")

    report = load_directory_file(path=path)

    assert (report.added, report.updated, report.unchanged) == (0, 1, 1)
    assert Service.objects.get(name="La Passerelle").phone == "056/34 60 84"


def test_a_bad_entry_is_named_and_nothing_is_written(db, tmp_path):
    path = tmp_path / "directory.yaml"
    path.write_text(GOOD + "  - {name: Mystery, kind: wizard}\n", encoding="utf-8")

    with (
        translation.override("en"),
        pytest.raises(DirectoryFileError, match="Service 3 \\(Mystery\\)"),
    ):
        load_directory_file(path=path)

    assert not Service.objects.exists()
